import { request } from '@playwright/test';
import { expect, test } from './fixtures';
import { rampPng } from './testImages';
import { rawRequest } from '../electron/web/testing/rawHttp';

test('the app loads with its safety notice and reaches its back end', async ({ appPage }) => {
  await expect(appPage.notice).toContainText('Decision support and education, not a diagnosis');
  await expect(appPage.statusBar).toContainText('web mode (127.0.0.1 only)');
  for (const pane of ['Studies', 'Viewer', 'Reasoning']) {
    await expect(appPage.page.getByRole('heading', { name: pane })).toBeVisible();
  }
});

test('an image opened through the file input shows in the viewer with its tools', async ({
  appPage,
}) => {
  const { page } = appPage;
  await appPage.openFiles([{ name: 'ramp.png', mimeType: 'image/png', buffer: rampPng(96, 64) }]);
  await appPage.waitForViewer('ready');
  await expect(page.getByTestId('viewer-caption')).toContainText('ramp.png · 96×64');
  await expect(appPage.studyItems).toHaveCount(1);
  await expect(appPage.studyItems.first()).toHaveAttribute('aria-selected', 'true');
  // The viewport tools work on it as on a DICOM secondary capture.
  const viewer = page.locator('#pane-viewer .dicom-viewer');
  await expect(viewer).toHaveAttribute('data-invert', 'false');
  await page.getByRole('img', { name: /ramp\.png, image 1 of 1/ }).press('i');
  await expect(viewer).toHaveAttribute('data-invert', 'true');
  await expect(viewer).toHaveAttribute('data-window-width', '256');
});

test('a file that is not an image is refused with a clear message', async ({ appPage }) => {
  await appPage.openFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
  ]);
  await expect(appPage.page.getByRole('alert')).toContainText(
    'notes.txt: Not a DICOM, PNG, JPEG or WebP file.',
  );
  await expect(appPage.studyItems).toHaveCount(0);
});

test('the API refuses a request without the token (401)', async ({ app }) => {
  const context = await request.newContext();
  const reply = await context.post(`${app.url}api/call/getAppInfo`, { data: {} });
  expect(reply.status()).toBe(401);
  await context.dispose();
});

test('the API refuses a foreign Origin even with the token (403)', async ({ app }) => {
  const context = await request.newContext();
  const reply = await context.post(`${app.url}api/call/getAppInfo`, {
    data: {},
    headers: { 'x-mmx-token': app.token, origin: 'http://evil.example' },
  });
  expect(reply.status()).toBe(403);
  const ok = await context.post(`${app.url}api/call/getAppInfo`, {
    data: {},
    headers: { 'x-mmx-token': app.token },
  });
  expect(await ok.json()).toMatchObject({ ok: true, value: { mode: 'web' } });
  await context.dispose();
});

test('the API refuses a token that is only in the URL (401)', async ({ app }) => {
  const context = await request.newContext();
  const reply = await context.post(`${app.url}api/call/getAppInfo?token=${app.token}`, {
    data: {},
  });
  expect(reply.status()).toBe(401);
  await context.dispose();
});

test('a malformed request line gets 400 and mmx serve stays up', async ({ app }) => {
  for (const line of ['GET //[ HTTP/1.1', 'GET http://[ HTTP/1.1', 'GET //a:99999 HTTP/1.1']) {
    const reply = await rawRequest(
      app.port,
      `${line}\r\nHost: 127.0.0.1:${app.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(reply.status).toBe(400);
  }
  const context = await request.newContext();
  const ok = await context.post(`${app.url}api/call/getAppInfo`, {
    data: {},
    headers: { 'x-mmx-token': app.token },
  });
  expect(ok.status()).toBe(200);
  await context.dispose();
});

test('keyboard: Ctrl+Shift+L switches the theme and ? lists the shortcuts', async ({ appPage }) => {
  const { page } = appPage;
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.keyboard.press('Control+Shift+L');
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
    .not.toBe(before);
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('a session sends nothing off the machine and the main window is captured', async ({
  appPage,
}) => {
  await appPage.openFiles([{ name: 'ramp.png', mimeType: 'image/png', buffer: rampPng(256, 200) }]);
  await appPage.waitForViewer('ready');
  await appPage.page.screenshot({ path: 'e2e/artifacts/main-window.png' });
  const foreign = appPage.requests.filter(
    (url) =>
      !url.startsWith(appPage.app.url) && !url.startsWith('blob:') && !url.startsWith('data:'),
  );
  expect(foreign).toEqual([]);
});
