import { request } from '@playwright/test';
import { recordedStreams } from '../models/runtime/openai/testing/recordedStreams';
import {
  startReplayServer,
  type ReplayServer,
} from '../models/runtime/openai/testing/startReplayServer';
import { expect, test, type RunningApp } from './fixtures';
import type { AppPage } from './pages/AppPage';
import { ReasoningPage } from './pages/ReasoningPage';
import { solidPng } from './testImages';

// The app asking an OpenAI-compatible server. Every server here listens on
// 127.0.0.1; "0.0.0.0" is not a loopback address (so it needs consent), yet
// Linux delivers a connection to it to this machine's 127.0.0.1 listener, so
// the recording server sees whether anything was sent, and nothing leaves.

let replay: ReplayServer;
test.beforeAll(async () => {
  replay = await startReplayServer(() => ({ stream: recordedStreams.reasoning, done: true }));
});
test.afterAll(async () => replay.close());

/** The app's back end is shared by the spec files of this worker: leave it on the local model. */
test.afterEach(async ({ app }: { app: RunningApp }) => {
  const context = await request.newContext();
  await context.post(`${app.url}api/call/setBackend`, {
    data: { kind: 'local' },
    headers: { 'x-mmx-token': app.token },
  });
  await context.dispose();
});

async function connectServer(appPage: AppPage, baseUrl: string, model: string) {
  const page = appPage.page;
  await page.getByRole('button', { name: 'Models…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Models' });
  await dialog.getByLabel(/An OpenAI-compatible server/).check();
  await dialog.getByLabel('Base URL').fill(baseUrl);
  await dialog.getByLabel('Model name').fill(model);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByTestId('backend-state')).toContainText(`Answers come from ${model}`);
  // The catalog is listed with its RAM fit; nothing is fetched unless Download is pressed.
  await expect(dialog.getByTestId('download-qwen2-vl-2b-instruct')).toContainText(
    /needs about .* RAM/,
  );
  await expect(
    dialog.getByTestId('download-qwen2-vl-2b-instruct').getByRole('button', { name: 'Download' }),
  ).toBeVisible();
  await dialog.screenshot({ path: 'e2e/artifacts/models-dialog-server.png' });
  await dialog.getByRole('button', { name: 'Close models' }).click();
}

test('a loopback server answers with steps and citations, and the app stays offline', async ({
  appPage,
}) => {
  const reasoning = new ReasoningPage(appPage.page);
  await connectServer(appPage, replay.baseUrl, 'qwen2.5-vl-7b');
  await expect(reasoning.activeModel).toHaveText(`qwen2.5-vl-7b on 127.0.0.1:${replay.port}`);
  await appPage.openFiles([
    { name: 'ct.png', mimeType: 'image/png', buffer: solidPng(64, 64, 40) },
  ]);
  await appPage.waitForViewer('ready');
  const before = replay.requests.length;
  await reasoning.ask('Follow-up for this nodule?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(reasoning.steps).toHaveCount(2);
  await expect(
    reasoning.steps.first().getByRole('button', { name: 'fleischner-2017#solid-6-8mm' }),
  ).toBeVisible();
  await expect(reasoning.steps.first().locator('.citation-unknown')).toHaveCount(0);
  await expect(reasoning.answer).toContainText('CT at 6–12 months');
  await expect(appPage.page.getByTestId('answered-by')).toContainText(
    `Answered by qwen2.5-vl-7b on 127.0.0.1:${replay.port}`,
  );
  await expect(appPage.page.getByTestId('privacy-status')).toHaveText(
    'Offline: nothing leaves this machine',
  );
  expect(replay.requests.length).toBe(before + 1);
  const body = JSON.parse(replay.requests.at(-1)!.body) as { messages: { content: unknown }[] };
  expect(JSON.stringify(body.messages)).toContain('data:image/png;base64,');
});

test('a server off this machine asks for consent first, and nothing is sent before it', async ({
  appPage,
}) => {
  const reasoning = new ReasoningPage(appPage.page);
  const host = `0.0.0.0:${replay.port}`;
  await connectServer(appPage, `http://${host}/v1`, 'remote-model');
  await appPage.openFiles([
    { name: 'ct.png', mimeType: 'image/png', buffer: solidPng(64, 64, 40) },
  ]);
  await appPage.waitForViewer('ready');
  const connections = replay.connections;
  await reasoning.ask('Follow-up for this nodule?');
  const consent = appPage.page.getByRole('dialog', {
    name: `Images and your question will be sent to ${host}`,
  });
  await expect(consent).toBeVisible();
  expect(replay.connections).toBe(connections);
  // Declining sends nothing and leaves the app offline.
  await consent.getByRole('button', { name: 'Cancel' }).click();
  await expect(consent).toBeHidden();
  expect(replay.connections).toBe(connections);
  await expect(appPage.page.getByTestId('privacy-status')).toHaveText(
    'Offline: nothing leaves this machine',
  );
  // Agreeing sends the question, and the status bar says where images go.
  await reasoning.askButton.click();
  await consent.getByRole('button', { name: `Send to ${host}` }).click();
  // The refused run reads "cancelled" until the resumed one replaces it: wait for its steps.
  await expect(reasoning.steps).toHaveCount(2);
  expect(await reasoning.waitForRunEnd()).toBe('done');
  expect(replay.connections).toBeGreaterThan(connections);
  await expect(appPage.page.getByTestId('privacy-status')).toHaveText(`Sends images to ${host}`);
});
