import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordedStreams } from '../../models/runtime/openai/testing/recordedStreams';
import {
  startReplayServer,
  type ReplayServer,
} from '../../models/runtime/openai/testing/startReplayServer';
import { createBackEnd } from './createHandlers';
import type { SecretStore } from './secretStore';

const web = { mode: 'web' as const };
let home: string;
let replay: ReplayServer;

/** A stand-in keychain: reversible, and visibly not the plain text. */
const fakeKeychain: SecretStore = {
  seal: (plain) => Buffer.from(`sealed:${plain}`).toString('base64').split('').reverse().join(''),
  open: (sealed) => Buffer.from(sealed.split('').reverse().join(''), 'base64').toString().slice(7),
};

/** The viewer's modelPixels output: packed RGB, a gradient so any change of a pixel shows. */
const pixels = Uint8Array.from({ length: 16 * 12 * 3 }, (_, i) => (i * 7) % 256);
const question = {
  question: 'Follow-up for this nodule?',
  images: [{ name: 'ct.png', width: 16, height: 12, rgb: pixels }],
  context: { modality: 'CT', bodyPart: 'CHEST', patientAgeYears: 61, includeInPrompt: false },
};

beforeAll(async () => {
  replay = await startReplayServer(() => ({
    stream: recordedStreams.reasoningContent,
    done: true,
  }));
});
afterAll(async () => {
  await replay.close();
});
let backEnd: ReturnType<typeof createBackEnd>;
const start = async (secrets?: SecretStore) => {
  home = await mkdtemp(join(tmpdir(), 'mmx-backend-server-'));
  backEnd = createBackEnd({ home, secrets });
};
afterEach(async () => {
  vi.unstubAllEnvs();
  await backEnd.dispose();
  await rm(home, { recursive: true, force: true });
  replay.requests.length = 0;
});
const call = async (name: string, payload: unknown = {}) =>
  backEnd.dispatcher.call(name, payload, web);
const ask = async () => {
  const events: { type: string }[] = [];
  const envelope = await backEnd.dispatcher.stream(
    'ask',
    question,
    (e) => events.push(e as { type: string }),
    new AbortController().signal,
    web,
  );
  return { envelope, events };
};

describe('the app with an OpenAI-compatible server', () => {
  it('answers through a loopback server with steps, citations and the model that answered, still offline', async () => {
    await start();
    const state = await call('setBackend', {
      kind: 'server',
      server: {
        baseUrl: replay.baseUrl,
        model: 'merged',
        experts: { 'adult-medicine': 'adult-lora' },
      },
    });
    expect(state).toMatchObject({
      ok: true,
      value: { kind: 'server', sendsImagesTo: null, server: { loopback: true } },
    });
    const { envelope, events } = await ask();
    expect(envelope.ok).toBe(true);
    const result = (
      envelope as {
        value: {
          steps: { citations: { guideline: string; passage: string; source: string }[] }[];
          model: unknown;
          answer: { letter: string };
        };
      }
    ).value;
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.citations).toContainEqual(
      expect.objectContaining({
        guideline: 'fleischner-2017',
        passage: 'solid-6-8mm',
        source: 'model',
      }),
    );
    expect(result.answer.letter).toBe('B');
    expect(result.model).toMatchObject({
      name: 'adult-lora',
      server: `127.0.0.1:${replay.port}`,
      demo: false,
    });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(2);
    // Only the rendered pixels left: the routing tags were not in the prompt.
    const body = replay.requests[0]!.body;
    expect(body).not.toContain('CHEST');
    expect(JSON.parse(body)).toMatchObject({ model: 'adult-lora' });
    // The server gets exactly the pixels the local runtime would: a lossless PNG of the same RGB.
    const url = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(body)?.[1];
    const sent = PNG.sync.read(Buffer.from(url ?? '', 'base64'));
    expect([sent.width, sent.height]).toEqual([16, 12]);
    expect(Uint8Array.from(sent.data.filter((_, i) => i % 4 !== 3))).toEqual(pixels);
  });

  it('asks for consent before anything is sent to a server off this machine, then says so in the status', async () => {
    await start();
    const before = replay.connections;
    // 0.0.0.0 is not a loopback address, yet Linux delivers it to this machine's 127.0.0.1 listener.
    const baseUrl = `http://0.0.0.0:${replay.port}/v1`;
    await call('setBackend', { kind: 'server', server: { baseUrl, model: 'm' } });
    const refused = await ask();
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'server-consent-needed',
        title: `Images and your question will be sent to 0.0.0.0:${replay.port}`,
      },
    });
    expect(replay.connections).toBe(before);
    expect(await call('consentToServer', { host: `0.0.0.0:${replay.port}` })).toMatchObject({
      ok: true,
      value: {
        sendsImagesTo: `0.0.0.0:${replay.port}`,
        server: { consented: true, loopback: false },
      },
    });
    expect((await ask()).envelope.ok).toBe(true);
    expect(replay.connections).toBeGreaterThan(before);
    expect(await call('setBackend', { kind: 'local' })).toMatchObject({
      ok: true,
      value: { kind: 'local', sendsImagesTo: null },
    });
  });

  it('keeps the desktop app’s key sealed by the keychain and sends it only as the Bearer token', async () => {
    await start(fakeKeychain);
    await call('setBackend', {
      kind: 'server',
      server: { baseUrl: replay.baseUrl, model: 'm' },
      apiKey: 'sk-app-secret-77',
    });
    const settings = await readFile(join(home, 'settings.json'), 'utf8');
    expect(settings).not.toContain('sk-app-secret-77');
    expect(await call('getBackend')).toMatchObject({
      ok: true,
      value: { server: { hasStoredKey: true }, canStoreKey: true },
    });
    expect(JSON.stringify(await call('getBackend'))).not.toContain('sk-app-secret-77');
    expect((await ask()).envelope.ok).toBe(true);
    expect(replay.requests[0]!.headers.authorization).toBe('Bearer sk-app-secret-77');
  });

  it('reads the key from the named environment variable in web mode, and refuses to store one', async () => {
    await start();
    expect(
      await call('setBackend', {
        kind: 'server',
        server: { baseUrl: replay.baseUrl, model: 'm' },
        apiKey: 'sk-x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'key-storage-unavailable' },
    });
    await call('setBackend', {
      kind: 'server',
      server: { baseUrl: replay.baseUrl, model: 'm', apiKeyEnv: 'MMX_TEST_APP_KEY' },
    });
    expect((await ask()).envelope).toMatchObject({
      ok: false,
      error: { code: 'server-key-missing' },
    });
    vi.stubEnv('MMX_TEST_APP_KEY', 'sk-env-secret-5');
    expect((await ask()).envelope.ok).toBe(true);
    expect(replay.requests[0]!.headers.authorization).toBe('Bearer sk-env-secret-5');
    expect(await readFile(join(home, 'settings.json'), 'utf8')).not.toContain('sk-env-secret-5');
  });

  it('refuses an unusable server address with a clear error', async () => {
    await start();
    expect(
      await call('setBackend', {
        kind: 'server',
        server: { baseUrl: 'file:///etc/passwd', model: 'm' },
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'bad-server-url',
        cause: "'file:///etc/passwd' must start with http:// or https://",
      },
    });
  });
});
