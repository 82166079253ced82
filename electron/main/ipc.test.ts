import type { IpcMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { createTestDispatcher, testContract } from '../common/testing/testContract';
import { registerIpcHandlers, isTrustedSender } from './ipc';
import { STREAM_CANCEL_CHANNEL, STREAM_EVENT_CHANNEL, streamChannel } from '../common/ipcChannels';

type Handler = (event: unknown, payload: unknown) => unknown;

/** Records what registerIpcHandlers installs on ipcMain. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, handler: Handler) => listeners.set(channel, handler),
    off: (channel: string) => listeners.delete(channel),
  };
  return { ipc: ipc as unknown as IpcMain, handlers, listeners };
}

function fakeEvent(url: string, { topFrame = true } = {}) {
  const sent: Array<[string, unknown]> = [];
  return {
    sent,
    senderFrame: { url, parent: topFrame ? null : {} },
    sender: {
      isDestroyed: () => false,
      send: (channel: string, message: unknown) => sent.push([channel, message]),
      once: () => undefined,
      off: () => undefined,
    },
  };
}

describe('Electron IPC handlers', () => {
  it('accept calls only from the app top frame', () => {
    expect(isTrustedSender(fakeEvent('app://mmx/index.html') as never)).toBe(true);
    expect(isTrustedSender(fakeEvent('https://evil.example/') as never)).toBe(false);
    expect(isTrustedSender(fakeEvent('app://mmx/index.html', { topFrame: false }) as never)).toBe(
      false,
    );
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('register one handler per call and stream and validate payloads', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, createTestDispatcher(), testContract);
    expect([...handlers.keys()].sort()).toEqual(
      ['add', 'broken', 'fail', 'sumBytes', streamChannel('count')].sort(),
    );
    const ok = await handlers.get('add')!(fakeEvent('app://mmx/index.html'), { a: 1, b: 2 });
    expect(ok).toEqual({ ok: true, value: { sum: 3 } });
    const bad = await handlers.get('add')!(fakeEvent('app://mmx/index.html'), { a: '1' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    // Pixels arrive as a Uint8Array (structured clone), no base64.
    const bytes = await handlers.get('sumBytes')!(fakeEvent('app://mmx/index.html'), {
      bytes: structuredClone(new Uint8Array([1, 2, 3])),
    });
    expect(bytes).toEqual({ ok: true, value: { length: 3, sum: 6 } });
  });

  it('refuse a call from a foreign page', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, createTestDispatcher(), testContract);
    const reply = await handlers.get('add')!(fakeEvent('https://evil.example/'), { a: 1, b: 2 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('stream events to the sender and stop on cancel', async () => {
    const { ipc, handlers, listeners } = fakeIpcMain();
    registerIpcHandlers(ipc, createTestDispatcher(), testContract);
    const event = fakeEvent('app://mmx/index.html');
    const done = handlers.get(streamChannel('count'))!(event, {
      streamId: 's1',
      payload: { to: 1000, delayMs: 2 },
    }) as Promise<unknown>;
    await new Promise((resolve) => setTimeout(resolve, 30));
    listeners.get(STREAM_CANCEL_CHANNEL)!(event, 's1');
    const result = (await done) as { ok: boolean; value: { counted: number; cancelled: boolean } };
    expect(result.ok).toBe(true);
    expect(result.value.cancelled).toBe(true);
    expect(result.value.counted).toBeLessThan(1000);
    expect(event.sent.length).toBe(result.value.counted);
    expect(event.sent[0]).toEqual([STREAM_EVENT_CHANNEL, { streamId: 's1', event: { n: 1 } }]);
  });

  it('dispose removes every handler', () => {
    const { ipc, handlers, listeners } = fakeIpcMain();
    const dispose = registerIpcHandlers(ipc, createTestDispatcher(), testContract);
    dispose();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
