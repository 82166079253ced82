import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './pages/AppPage';

export interface RunningApp {
  /** Base URL, e.g. http://127.0.0.1:4567/ */
  url: string;
  /** URL with the per-launch token, as `npm start` prints it. */
  launchUrl: string;
  token: string;
  port: number;
  /** App data folder used by this run (models, settings). */
  home: string;
}

/** Starts `mmx serve` exactly as a user would and reads the URL it prints. */
async function startApp(): Promise<{ app: RunningApp; child: ChildProcess }> {
  const home = mkdtempSync(join(tmpdir(), 'mmx-e2e-home-'));
  const child = spawn(
    process.execPath,
    ['models/cli/bin.mjs', 'serve', '--port', '0', '--no-open'],
    {
      // HOME too: the Models dialog's folder browser lists the home folder only.
      env: { ...process.env, MMX_HOME: home, HOME: home, DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web mode did not start in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(launchUrl);
  return {
    child,
    app: {
      url: `${parsed.origin}/`,
      launchUrl,
      token: parsed.searchParams.get('token')!,
      port: Number(parsed.port),
      home,
    },
  };
}

export const test = base.extend<{ appPage: AppPage }, { app: RunningApp }>({
  app: [
    // Playwright requires the object pattern for fixtures without dependencies.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { app, child } = await startApp();
      await use(app);
      child.kill('SIGTERM');
      rmSync(app.home, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  appPage: async ({ page, app }, use) => {
    const appPage = new AppPage(page, app);
    await appPage.open();
    await use(appPage);
  },
});

export { expect } from '@playwright/test';
