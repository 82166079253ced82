#!/usr/bin/env node
// Entry of the `mmx` CLI. Registers tsx so the TypeScript sources run as they
// are (no build step for the CLI), then hands over to main.ts.
import { register } from 'tsx/esm/api';

// `mmx ... | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
