// `npm run test:e2e`: checks for a Chromium, builds the app, runs Playwright.
// Playwright's own browser download does not work offline: we use Debian's
// chromium, installing it when we can (root with apt) or saying what to run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

// Each run builds into its own folder, which the app it starts then serves,
// so two runs on one machine never overwrite each other's build.
const ownDist = !process.env.MMX_RENDERER_DIST;
const dist = process.env.MMX_RENDERER_DIST ?? mkdtempSync(join(tmpdir(), 'mmx-e2e-dist-'));
const env = { ...process.env, MMX_CHROMIUM: chromium, MMX_RENDERER_DIST: dist };
const vite = [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'renderer/vite.config.ts',
  '--logLevel',
  'error',
];
let status = run(process.execPath, vite, { env });
if (status === 0) {
  const playwright = [
    'node_modules/@playwright/test/cli.js',
    'test',
    '--config',
    'e2e/playwright.config.ts',
    ...process.argv.slice(2),
  ];
  status = run(process.execPath, playwright, { env });
}
if (ownDist) rmSync(dist, { recursive: true, force: true });
process.exit(status);
