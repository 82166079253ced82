import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../../tinymodels/buildFixtureModel';
import { workerMessageSchema, type WorkerMessage, type WorkerRequest } from '../protocol';
import { runWorker } from './runWorker';

const answer = Array.from({ length: 30 }, (_, i) => `Step ${i + 1}.`).join(' ');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-run-worker-'));
  await buildFixtureModel(join(root, 'm'), {
    kind: 'scripted',
    script: { rules: [{ image: 'any', text: answer }] },
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An in-process port: the test plays the parent and sees every message the worker posts. */
function inProcessWorker(
  onPost?: (message: WorkerMessage, send: (r: WorkerRequest) => void) => void,
) {
  let deliver: (raw: unknown) => void = () => {};
  const messages: WorkerMessage[] = [];
  const waiters: ((m: WorkerMessage) => void)[] = [];
  const send = (request: WorkerRequest) => deliver(request);
  const stop = runWorker({
    post(message) {
      // Everything the worker posts must pass the parent's validation.
      expect(workerMessageSchema.safeParse(message).success).toBe(true);
      messages.push(message);
      onPost?.(message, send);
      waiters.forEach((w) => w(message));
    },
    onMessage(handler) {
      deliver = handler;
      return () => {
        deliver = () => {};
      };
    },
  });
  const reply = (id: number) =>
    new Promise<WorkerMessage>((resolve) => {
      const found = messages.find(
        (m) => 'id' in m && m.id === id && m.type !== 'progress' && m.type !== 'events',
      );
      if (found) return resolve(found);
      waiters.push((m) => {
        if ('id' in m && m.id === id && m.type !== 'progress' && m.type !== 'events') resolve(m);
      });
    });
  return { send, reply, messages, stop };
}

describe('runWorker', () => {
  it('stops within one token of receiving cancel', async () => {
    // Cancel arrives right after the batch that holds the 4th token event is posted.
    let lastSeen = -1;
    const worker = inProcessWorker((message, send) => {
      if (message.type !== 'events' || lastSeen >= 3) return;
      for (const e of message.events) if (e.type === 'token') lastSeen = e.index;
      if (lastSeen >= 3) send({ type: 'cancel', id: 2 });
    });
    worker.send({ type: 'load', id: 1, modelDir: join(root, 'm') });
    expect((await worker.reply(1)).type).toBe('loaded');
    worker.send({ type: 'generate', id: 2, request: { question: 'go', maxNewTokens: 500 } });
    const result = await worker.reply(2);
    if (result.type !== 'result')
      throw new Error(`expected a result, got ${JSON.stringify(result)}`);
    expect(result.result.finishReason).toBe('cancelled');
    expect(lastSeen).toBeGreaterThanOrEqual(3);
    expect(result.result.tokenIds).toHaveLength(lastSeen + 1);
    worker.stop();
  });

  it('posts the first token at once, then batches the events without losing or reordering any', async () => {
    const worker = inProcessWorker();
    worker.send({ type: 'load', id: 1, modelDir: join(root, 'm') });
    await worker.reply(1);
    worker.send({ type: 'generate', id: 2, request: { question: 'go', maxNewTokens: 500 } });
    const reply = await worker.reply(2);
    if (reply.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(reply)}`);
    const batches = worker.messages.flatMap((m) => (m.type === 'events' ? [m.events] : []));
    const events = batches.flat();
    // The first message carries the first token alone (with its text): time to first token is kept.
    expect(batches[0]!.filter((e) => e.type === 'token')).toHaveLength(1);
    const tokens = events.flatMap((e) => (e.type === 'token' ? [e] : []));
    expect(tokens.map((e) => e.index)).toEqual(reply.result.tokenIds.map((_, i) => i));
    expect(tokens.map((e) => e.tokenId)).toEqual(reply.result.tokenIds);
    expect(events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')).toBe(
      reply.result.text,
    );
    // The fixture decodes a token in well under EVENT_BATCH_MS, so events share messages.
    expect(batches.length).toBeLessThan(tokens.length / 2);
    // Every event was posted before the result.
    expect(worker.messages.at(-1)).toBe(reply);
    worker.stop();
  });

  it('reports load progress in order, ending at ready', async () => {
    const worker = inProcessWorker();
    worker.send({ type: 'load', id: 1, modelDir: join(root, 'm') });
    await worker.reply(1);
    const stages = worker.messages.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
    expect(stages.map((s) => s.stage)).toEqual([
      'config',
      'tokenizer',
      'embed_tokens',
      'vision_encoder',
      'decoder_model_merged',
      'ready',
    ]);
    const fractions = stages.map((s) => s.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    worker.stop();
  });

  it('answers a malformed request with a bad-request error instead of crashing', async () => {
    const worker = inProcessWorker();
    worker.send({ type: 'generate', id: 5, request: { maxNewTokens: 3 } } as WorkerRequest);
    const reply = await worker.reply(5);
    expect(reply.type).toBe('error');
    if (reply.type === 'error') expect(reply.error.code).toBe('bad-request');
    worker.stop();
  });
});
