import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../../fixtures/buildFixtureModel';
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
        (m) => 'id' in m && m.id === id && m.type !== 'progress' && m.type !== 'event',
      );
      if (found) return resolve(found);
      waiters.push((m) => {
        if ('id' in m && m.id === id && m.type !== 'progress' && m.type !== 'event') resolve(m);
      });
    });
  return { send, reply, messages, stop };
}

describe('runWorker', () => {
  it('stops within one token of receiving cancel', async () => {
    const worker = inProcessWorker((message, send) => {
      // Cancel arrives right after the 4th token event is posted.
      if (message.type === 'event' && message.event.type === 'token' && message.event.index === 3)
        send({ type: 'cancel', id: 2 });
    });
    worker.send({ type: 'load', id: 1, modelDir: join(root, 'm') });
    expect((await worker.reply(1)).type).toBe('loaded');
    worker.send({ type: 'generate', id: 2, request: { question: 'go', maxNewTokens: 500 } });
    const result = await worker.reply(2);
    if (result.type !== 'result')
      throw new Error(`expected a result, got ${JSON.stringify(result)}`);
    expect(result.result.finishReason).toBe('cancelled');
    expect(result.result.tokenIds).toHaveLength(4);
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
