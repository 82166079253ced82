import { defineConfig } from '@playwright/test';

// Debian's chromium, headless; the app itself is started per worker by
// e2e/fixtures.ts (web mode on 127.0.0.1). Playwright adds --no-sandbox as root.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'artifacts/test-results',
  timeout: 60_000,
  // Web-first assertions wait for the render signal; a loaded 2-core machine needs more than 5 s.
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1400, height: 860 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.MMX_CHROMIUM ?? '/usr/bin/chromium',
      // Without these Chromium calls home at start; this machine has no network.
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-gpu',
      ],
    },
  },
});
