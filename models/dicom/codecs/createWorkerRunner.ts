import { DicomError } from '../DicomError';
import { codecLabels, type CodecRunResult, type CodecRunner } from './decodeWithCodec';
import type { CodecReply, CodecRequest } from './serveCodecRequest';

/** The default time one frame may take in a codec: far above any real frame, far below a user's patience. */
export const DEFAULT_CODEC_TIME_LIMIT_MS = 5000;

/**
 * What the runner needs of a worker, whatever kind it is (a Node worker
 * thread, a browser Web Worker): the adapters live beside each kind.
 */
export interface CodecWorker {
  postMessage(request: CodecRequest, transfer: ArrayBuffer[]): void;
  /** Subscribes to the worker's replies; returns a disposer. */
  onMessage(listener: (reply: CodecReply) => void): () => void;
  /** Subscribes to the worker failing (a script that does not load, an uncaught error); returns a disposer. */
  onError(listener: (error: Error) => void): () => void;
  terminate(): void;
}

/**
 * Runs codec decodes (wasm and our DCT decoder) in a worker with a time limit: a frame that does not
 * decode within `timeLimitMs` stops with a clear error, the worker is
 * terminated (a wasm or JS loop can only be stopped from outside its thread)
 * and the next frame gets a fresh one. One decode at a time, so the limit
 * measures one frame and not a queue. The same watchdog serves the CLI
 * (models/dicom/node/runCodecsInWorker.ts) and the app's renderer.
 */
export function createWorkerRunner({
  startWorker,
  timeLimitMs = DEFAULT_CODEC_TIME_LIMIT_MS,
}: {
  startWorker: () => CodecWorker;
  timeLimitMs?: number;
}): { run: CodecRunner; stop: () => void } {
  let worker: { port: CodecWorker; ready: Promise<void> } | undefined;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const start = () => {
    const port = startWorker();
    // A worker that fails between decodes is dropped at once, so the next frame gets a fresh one
    // instead of waiting out the limit on a dead one.
    port.onError(() => {
      if (worker?.port !== port) return;
      port.terminate();
      worker = undefined;
    });
    // The worker says it is ready once its script and imports have loaded: starting is not decoding.
    const ready = new Promise<void>((resolve, reject) => {
      const disposers = [
        port.onMessage((reply) => {
          if (!('ready' in reply)) return;
          disposers.forEach((dispose) => dispose());
          resolve();
        }),
        port.onError((error) => {
          disposers.forEach((dispose) => dispose());
          reject(error);
        }),
      ];
    });
    return { port, ready };
  };

  const stop = () => {
    worker?.port.terminate();
    worker = undefined;
  };

  const decodeOnce: CodecRunner = async (kind, encoded, maxBytes) => {
    worker ??= start();
    const { port, ready } = worker;
    try {
      await ready;
    } catch (error) {
      stop();
      throw new DicomError(
        'decodeFrame',
        `the codec worker could not start (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const id = nextId++;
    return new Promise<CodecRunResult>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        offMessage();
        offError();
      };
      const timer = setTimeout(() => {
        done();
        stop();
        reject(
          new DicomError(
            'decodeFrame',
            `decoding took too long: ${codecLabels[kind]} did not finish the frame within ${timeLimitMs / 1000} s, so it was stopped; the codestream is probably corrupt`,
          ),
        );
      }, timeLimitMs);
      const offMessage = port.onMessage((reply) => {
        if (!('id' in reply) || reply.id !== id) return;
        done();
        if ('result' in reply) return resolve(reply.result);
        const detail = reply.error.replace(/^decodeFrame: /, '');
        reject(
          new DicomError(
            'decodeFrame',
            reply.dicom ? detail : `${codecLabels[kind]} failed (${detail})`,
          ),
        );
      });
      const offError = port.onError((error) => {
        done();
        stop();
        reject(new DicomError('decodeFrame', `${codecLabels[kind]} crashed (${error.message})`));
      });
      // A copy travels (transferred, not cloned), so the caller's buffer stays whole.
      const copy = encoded.slice();
      port.postMessage({ id, kind, encoded: copy, maxBytes }, [copy.buffer]);
    });
  };

  const run: CodecRunner = (kind, encoded, maxBytes) => {
    const result = queue.then(() => decodeOnce(kind, encoded, maxBytes));
    queue = result.catch(() => undefined);
    return result;
  };
  return { run, stop };
}
