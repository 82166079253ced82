import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkerRunner, type CodecWorker } from './createWorkerRunner';
import { serveCodecRequest, type CodecReply, type CodecRequest } from './serveCodecRequest';
import { encodeJ2k } from '../testing/encodeJ2k';
import { decodeInThisThread } from './decodeWithCodec';

/**
 * A worker in this thread: answers through the real serveCodecRequest unless
 * told to hang (a codec stuck in a loop) or to fail to start.
 */
class FakeWorker implements CodecWorker {
  terminated = false;
  received: CodecRequest[] = [];
  private messageListeners = new Set<(reply: CodecReply) => void>();
  private errorListeners = new Set<(error: Error) => void>();

  constructor(private behaviour: 'serve' | 'hang' | 'fail-to-start') {
    queueMicrotask(() => {
      if (behaviour === 'fail-to-start')
        this.errorListeners.forEach((l) => l(new Error('script not found')));
      else this.messageListeners.forEach((l) => l({ ready: true }));
    });
  }

  postMessage(request: CodecRequest): void {
    this.received.push(request);
    if (this.behaviour === 'hang') return;
    void serveCodecRequest(request).then(({ reply }) => {
      if (!this.terminated) this.messageListeners.forEach((l) => l(reply));
    });
  }

  onMessage(listener: (reply: CodecReply) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker failing on its own (an uncaught error, out of memory). */
  fail(): void {
    this.errorListeners.forEach((l) => l(new Error('out of memory')));
  }
}

function workersOf(behaviours: Array<'serve' | 'hang' | 'fail-to-start'>) {
  const started: FakeWorker[] = [];
  return {
    started,
    startWorker: () => {
      const worker = new FakeWorker(behaviours[started.length] ?? 'serve');
      started.push(worker);
      return worker;
    },
  };
}

const notJpeg = new Uint8Array([1, 2, 3, 4]);
const samples = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256);
let encoded: Uint8Array;
// The limit below is short; the first load of OpenJPEG is not what it measures.
const LIMIT_MS = 300;

beforeAll(async () => {
  encoded = await encodeJ2k('jpeg2000', samples, {
    width: 8,
    height: 8,
    bitsPerSample: 8,
    componentCount: 1,
    isSigned: false,
  });
  await decodeInThisThread('jpeg2000', encoded, 100);
});

describe('createWorkerRunner', () => {
  it('stops a decode that does not finish within the limit, terminates its worker and decodes the next frame in a fresh one', async () => {
    const workers = workersOf(['hang', 'serve']);
    const { run, stop } = createWorkerRunner({
      startWorker: workers.startWorker,
      timeLimitMs: LIMIT_MS,
    });
    const started = Date.now();
    await expect(run('jpeg2000', notJpeg, 100)).rejects.toThrow(
      'decodeFrame: decoding took too long: JPEG 2000 (OpenJPEG) did not finish the frame within 0.3 s, so it was stopped; the codestream is probably corrupt',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(workers.started[0]!.terminated).toBe(true);
    const { decoded } = await run('jpeg2000', encoded, 100);
    expect(Array.from(decoded)).toEqual(Array.from(samples));
    expect(workers.started).toHaveLength(2);
    expect(workers.started[1]!.terminated).toBe(false);
    stop();
    expect(workers.started[1]!.terminated).toBe(true);
  });

  it('runs one decode at a time, so a frame waiting in the queue is not charged for the one before it', async () => {
    const workers = workersOf(['hang', 'serve']);
    const { run, stop } = createWorkerRunner({
      startWorker: workers.startWorker,
      timeLimitMs: LIMIT_MS,
    });
    const first = run('jpeg2000', encoded, 100);
    const second = run('jpeg2000', encoded, 100);
    await expect(first).rejects.toThrow(/decoding took too long/);
    expect(Array.from((await second).decoded)).toEqual(Array.from(samples));
    expect(workers.started[0]!.received).toHaveLength(1);
    expect(workers.started[1]!.received).toHaveLength(1);
    stop();
  });

  it('sends a copy of the codestream, so the caller keeps its bytes', async () => {
    const workers = workersOf(['hang']);
    const { run, stop } = createWorkerRunner({ startWorker: workers.startWorker, timeLimitMs: 10 });
    const bytes = Uint8Array.from([9, 8, 7]);
    await expect(run('htj2k', bytes, 100)).rejects.toThrow(/decoding took too long/);
    expect(workers.started[0]!.received[0]!.encoded).not.toBe(bytes);
    expect(Array.from(bytes)).toEqual([9, 8, 7]);
    stop();
  });

  it('says so when the worker cannot start, and tries a new one for the next frame', async () => {
    const workers = workersOf(['fail-to-start', 'serve']);
    const { run, stop } = createWorkerRunner({ startWorker: workers.startWorker });
    await expect(run('jpeg2000', notJpeg, 100)).rejects.toThrow(
      'decodeFrame: the codec worker could not start (script not found)',
    );
    expect(Array.from((await run('jpeg2000', encoded, 100)).decoded)).toEqual(Array.from(samples));
    expect(workers.started).toHaveLength(2);
    stop();
  });

  it('drops a worker that fails between frames, so the next frame does not wait out the limit', async () => {
    const workers = workersOf(['serve', 'serve']);
    const { run, stop } = createWorkerRunner({
      startWorker: workers.startWorker,
      timeLimitMs: 60_000,
    });
    expect(Array.from((await run('jpeg2000', encoded, 100)).decoded)).toEqual(Array.from(samples));
    workers.started[0]!.fail();
    expect(workers.started[0]!.terminated).toBe(true);
    expect(Array.from((await run('jpeg2000', encoded, 100)).decoded)).toEqual(Array.from(samples));
    expect(workers.started).toHaveLength(2);
    stop();
  });
});
