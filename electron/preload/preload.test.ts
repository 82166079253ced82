import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contract } from '../common/contract';
import {
  PRINT_TO_PDF_CHANNEL,
  STREAM_CANCEL_CHANNEL,
  STREAM_EVENT_CHANNEL,
  streamChannel,
} from '../common/ipcChannels';

// The real 'electron' module would try to download Electron's binary: the
// preload is tested against a stand-in with the same surface.
type Listener = (event: unknown, message: unknown) => void;
const exposed: Record<string, unknown> = {};
const invoked: Array<[string, unknown]> = [];
const sent: Array<[string, unknown]> = [];
const listeners = new Map<string, Set<Listener>>();
let resolveStream: ((value: unknown) => void) | undefined;

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => {
      invoked.push([channel, payload]);
      if (channel.startsWith('stream:')) return new Promise((resolve) => (resolveStream = resolve));
      return Promise.resolve({ ok: true, value: channel });
    },
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
    on: (channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    off: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
  },
}));

type RawApi = Record<string, (...args: unknown[]) => unknown>;
let api: RawApi;
beforeAll(async () => {
  await import('./preload');
  api = exposed.api as RawApi;
});

const emit = (channel: string, message: unknown) => {
  for (const listener of listeners.get(channel) ?? []) listener({}, message);
};

describe('the preload bridge', () => {
  it('exposes exactly one function per message of the contract, nothing generic', () => {
    const expected = [
      ...Object.keys(contract.calls),
      ...Object.keys(contract.streams),
      ...Object.keys(contract.events),
    ].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('sends a call on its own channel with the payload as given', async () => {
    expect(await api.getAppInfo!({})).toEqual({ ok: true, value: 'getAppInfo' });
    expect(invoked.at(-1)).toEqual(['getAppInfo', {}]);
  });

  it('streams only its own events, cancels by id and unsubscribes when done', async () => {
    const seen: unknown[] = [];
    const running = api.ask!({ question: 'Q', images: [] }, (m: unknown) => seen.push(m)) as {
      cancel(): void;
      done: Promise<unknown>;
    };
    const [channel, request] = invoked.at(-1)! as [string, { streamId: string; payload: unknown }];
    expect(channel).toBe(streamChannel('ask'));
    expect(request.payload).toEqual({ question: 'Q', images: [] });
    emit(STREAM_EVENT_CHANNEL, { streamId: request.streamId, event: { n: 1 } });
    emit(STREAM_EVENT_CHANNEL, { streamId: 'someone-else', event: { n: 2 } });
    expect(seen).toEqual([{ n: 1 }]);
    running.cancel();
    expect(sent.at(-1)).toEqual([STREAM_CANCEL_CHANNEL, request.streamId]);
    resolveStream?.({ ok: true, value: 'done' });
    expect(await running.done).toEqual({ ok: true, value: 'done' });
    expect(listeners.get(STREAM_EVENT_CHANNEL)?.size ?? 0).toBe(0);
  });

  it('delivers pushed events to a subscriber until it disposes', () => {
    const seen: unknown[] = [];
    const dispose = api.onDidRunMenuCommand!((m: unknown) => seen.push(m)) as () => void;
    emit('onDidRunMenuCommand', 'toggle-theme');
    dispose();
    emit('onDidRunMenuCommand', 'open-files');
    expect(seen).toEqual(['toggle-theme']);
  });

  it('exposes one desktop function, printToPdf, on its own channel', async () => {
    const desktop = exposed.desktop as Record<string, (name: string) => Promise<unknown>>;
    expect(Object.keys(desktop)).toEqual(['printToPdf']);
    await desktop.printToPdf!('Case 1');
    expect(invoked.at(-1)).toEqual([PRINT_TO_PDF_CHANNEL, 'Case 1']);
  });
});
