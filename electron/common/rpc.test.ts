import { describe, expect, it } from 'vitest';
import { AppError } from './appError';
import { createApiClient, type RawApiOf, type RawStream } from './rpc';
import { createTestDispatcher, testContract } from './testing/testContract';

const web = { mode: 'web' as const };

/** An in-process transport: the same envelopes a real transport would carry. */
function loopback(): RawApiOf<typeof testContract> {
  const dispatcher = createTestDispatcher();
  const listeners = new Set<(payload: unknown) => void>();
  return {
    add: (payload) => dispatcher.call('add', payload, web),
    fail: (payload) => dispatcher.call('fail', payload, web),
    sumBytes: (payload) => dispatcher.call('sumBytes', payload, web),
    broken: (payload) => dispatcher.call('broken', payload, web),
    count: (payload, onMessage): RawStream => {
      const controller = new AbortController();
      return {
        cancel: () => controller.abort(),
        done: dispatcher.stream('count', payload, onMessage, controller.signal, web),
      };
    },
    onDidPing: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

describe('the dispatcher', () => {
  it('runs a valid call and wraps the value in an ok envelope', async () => {
    const envelope = await createTestDispatcher().call('add', { a: 2, b: 3 }, web);
    expect(envelope).toEqual({ ok: true, value: { sum: 5 } });
  });

  it('refuses a malformed payload with an error that names the field', async () => {
    const envelope = await createTestDispatcher().call('add', { a: 'two', b: 3 }, web);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('bad-request');
    expect(envelope.error.title).toBe('Invalid add request');
    expect(envelope.error.cause).toMatch(/^a: /);
  });

  it('refuses extra fields and non-object payloads', async () => {
    const d = createTestDispatcher();
    expect((await d.call('add', { a: 1, b: 2, admin: true }, web)).ok).toBe(false);
    expect((await d.call('add', 'a+b', web)).ok).toBe(false);
    expect((await d.call('add', null, web)).ok).toBe(false);
  });

  it('answers an unknown call, including inherited names, with an error', async () => {
    const d = createTestDispatcher();
    const unknown = await d.call('deleteEverything', {}, web);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(await d.call('toString', {}, web)).toMatchObject({
      ok: false,
      error: { code: 'unknown-call' },
    });
  });

  it('turns a thrown AppError into data without a stack', async () => {
    const envelope = await createTestDispatcher().call('fail', {}, web);
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'nope', title: 'It failed on purpose', suggestion: 'Try again' },
    });
  });

  it('catches a handler whose answer breaks its own schema', async () => {
    const envelope = await createTestDispatcher().call('broken', {}, web);
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'internal', title: 'Invalid broken response' },
    });
  });
});

describe('the typed client', () => {
  it('validates requests before they leave and returns typed values', async () => {
    const api = createApiClient(testContract, loopback());
    expect(await api.add({ a: 1, b: 41 })).toEqual({ sum: 42 });
    await expect(api.add({ a: 1 } as unknown as { a: number; b: number })).rejects.toThrow(
      /Invalid add request/,
    );
  });

  it('rethrows error envelopes as AppError with code and suggestion', async () => {
    const api = createApiClient(testContract, loopback());
    const error = await api.fail({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('nope');
    expect((error as AppError).suggestion).toBe('Try again');
  });

  it('streams events in order and resolves with the result', async () => {
    const api = createApiClient(testContract, loopback());
    const seen: number[] = [];
    const result = await api.count({ to: 5 }, (e) => seen.push(e.n));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(result).toEqual({ counted: 5, cancelled: false });
  });

  it('cancels a stream through an AbortSignal', async () => {
    const api = createApiClient(testContract, loopback());
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await api.count(
      { to: 1000, delayMs: 1 },
      (e) => {
        seen.push(e.n);
        if (e.n === 3) controller.abort();
      },
      controller.signal,
    );
    expect(result.cancelled).toBe(true);
    expect(result.counted).toBeLessThan(1000);
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('delivers pushed events through a subscription that can be disposed', () => {
    const raw = loopback();
    const api = createApiClient(testContract, raw);
    const seen: number[] = [];
    let push: ((p: unknown) => void) | undefined;
    const rawWithPush = {
      ...raw,
      onDidPing: (l: (p: unknown) => void) => ((push = l), () => (push = undefined)),
    };
    const dispose = createApiClient(testContract, rawWithPush).onDidPing((p) => seen.push(p.at));
    push?.({ at: 7 });
    push?.({ at: 'bad' });
    dispose();
    expect(seen).toEqual([7]);
    expect(push).toBeUndefined();
    expect(typeof api.onDidPing).toBe('function');
  });
});
