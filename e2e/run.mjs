// `npm run test:e2e`: checks for a Chromium, builds the app, runs Playwright.
// Playwright's own browser download does not work offline: we use Debian's
// chromium, installing it when we can (root with apt) or saying what to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  process.env.MMX_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].filter(Boolean);
const findChromium = () => CANDIDATES.find((path) => existsSync(path));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

let chromium = findChromium();
if (!chromium) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('e2e: no Chromium found; installing Debian chromium with apt-get…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    chromium = findChromium();
  }
  if (!chromium) {
    console.error(
      'error: e2e tests need Chromium. Install it with:  sudo apt-get install -y chromium',
    );
    console.error('       (or set MMX_CHROMIUM=/path/to/chromium)');
    process.exit(1);
  }
}

if (
  run(process.execPath, [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'renderer/vite.config.ts',
    '--logLevel',
    'warn',
  ]) !== 0
) {
  process.exit(1);
}
process.exit(
  run(
    process.execPath,
    [
      'node_modules/@playwright/test/cli.js',
      'test',
      '--config',
      'e2e/playwright.config.ts',
      ...process.argv.slice(2),
    ],
    {
      env: { ...process.env, MMX_CHROMIUM: chromium },
    },
  ),
);
