// `npm start`: the desktop app when the Electron binary is installed,
// otherwise the same app in web mode on 127.0.0.1.
//
// Never require('electron') here: electron 45 downloads its binary the first
// time it is required, which fails offline. We look for the binary instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  const dir = `${root}node_modules/electron/`;
  try {
    const relative = readFileSync(`${dir}path.txt`, 'utf8').trim();
    const binary = `${dir}dist/${relative}`;
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

// The renderer is built only when its sources changed since the last build
// (electron/web/rendererBuildStamp.ts): web mode's `serve` checks that itself,
// so a warm start reaches its URL without running Vite.
const binary = process.env.MMX_WEB === '1' ? undefined : electronBinary();
if (binary) {
  console.log('Starting MMedExpert Desktop (Electron)…');
  const { register } = await import('tsx/esm/api');
  register();
  const { ensureRendererBuilt } = await import('./web/ensureRendererBuilt.ts');
  await ensureRendererBuilt((line) => console.log(line));
  const built = (await run(process.execPath, ['electron/build.mjs'])) === 0;
  process.exitCode = built ? await run(binary, ['.']) : 1;
} else {
  console.log('No Electron binary installed: starting web mode (the same app in your browser).');
  // In this process, and without the CLI's command registry (which loads
  // every command's dependencies): the serve command alone.
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli, runCommand } = await import('../models/cli/runCli.ts');
  const { serveCommand } = await import('./web/serveCommand.ts');
  process.exitCode = await runCli(process.argv.slice(2), {}, (args, io) =>
    runCommand(serveCommand, args, io),
  );
}
