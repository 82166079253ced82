import { Worker } from 'node:worker_threads';
import { configureCodecRunner } from '../codecs/decodeWithCodec';
import {
  DEFAULT_CODEC_TIME_LIMIT_MS,
  createWorkerRunner,
  type CodecWorker,
} from '../codecs/createWorkerRunner';
import type { CodecReply } from '../codecs/serveCodecRequest';

/** A Node worker thread running codecWorker.mjs, as the runner sees a worker. */
function startNodeCodecWorker(): CodecWorker {
  const thread = new Worker(new URL('./codecWorker.mjs', import.meta.url));
  thread.unref();
  return {
    postMessage: (request, transfer) => thread.postMessage(request, transfer),
    onMessage: (listener: (reply: CodecReply) => void) => {
      thread.on('message', listener);
      return () => thread.off('message', listener);
    },
    onError: (listener) => {
      thread.on('error', listener);
      return () => thread.off('error', listener);
    },
    terminate: () => void thread.terminate(),
  };
}

/**
 * Runs every codec decode (JPEG, 12-bit JPEG, JPEG-LS, JPEG 2000, HTJ2K) in one worker
 * thread with a time limit (see createWorkerRunner). For Node callers (the
 * CLI); the app's renderer does the same with a Web Worker. Returns a disposer.
 */
export function runCodecsInWorker({
  timeLimitMs = DEFAULT_CODEC_TIME_LIMIT_MS,
}: { timeLimitMs?: number } = {}): () => void {
  const { run, stop } = createWorkerRunner({ startWorker: startNodeCodecWorker, timeLimitMs });
  const restore = configureCodecRunner(run);
  return () => {
    restore();
    stop();
  };
}
