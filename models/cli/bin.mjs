#!/usr/bin/env node
// Entry of the `mmx` CLI. Registers tsx so the TypeScript sources run as they
// are (no build step for the CLI), then hands over to main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
