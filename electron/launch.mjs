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

// Build the renderer every start so the app always matches the sources.
const viteBuild = [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'renderer/vite.config.ts',
  '--logLevel',
  'error',
];
const binary = process.env.MMX_WEB === '1' ? undefined : electronBinary();
console.log('Building the app…');
if ((await run(process.execPath, viteBuild)) !== 0) {
  process.exitCode = 1;
} else if (binary) {
  console.log('Starting MMedExpert Desktop (Electron)…');
  const built = (await run(process.execPath, ['electron/build.mjs'])) === 0;
  process.exitCode = built ? await run(binary, ['.']) : 1;
} else {
  console.log('No Electron binary installed: starting web mode (the same app in your browser).');
  process.exitCode = await run(process.execPath, [
    'models/cli/bin.mjs',
    'serve',
    ...process.argv.slice(2),
  ]);
}
