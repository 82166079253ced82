import { Worker } from 'node:worker_threads';
import { DicomError } from '../DicomError';
import {
  configureWasmRunner,
  wasmCodecLabels,
  type WasmDecodeResult,
  type WasmRunner,
} from '../codecs/decodeWithWasm';

type Reply =
  | { ready: true }
  | { id: number; result: WasmDecodeResult }
  | { id: number; error: string; dicom: boolean };

/** The default time one frame may take in a codec: far above any real frame, far below a user's patience. */
export const DEFAULT_CODEC_TIME_LIMIT_MS = 5000;

/**
 * Runs every wasm decode (JPEG, JPEG-LS, JPEG 2000, HTJ2K) in one worker
 * thread with a time limit: a frame that does not decode within `timeLimitMs`
 * stops with a clear error, the worker is terminated (V8 interrupts wasm
 * loops) and the next frame gets a fresh one. For Node callers (the CLI);
 * in a browser the decode stays in the page. Returns a disposer.
 */
export function runCodecsInWorker({
  timeLimitMs = DEFAULT_CODEC_TIME_LIMIT_MS,
}: { timeLimitMs?: number } = {}): () => void {
  let worker: { thread: Worker; ready: Promise<void> } | undefined;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const start = () => {
    const thread = new Worker(new URL('./wasmCodecWorker.mjs', import.meta.url));
    thread.unref();
    const ready = new Promise<void>((resolve, reject) => {
      thread.once('message', () => resolve());
      thread.once('error', reject);
    });
    return { thread, ready };
  };

  const stop = () => {
    void worker?.thread.terminate();
    worker = undefined;
  };

  const decodeOnce: WasmRunner = async (kind, encoded, maxBytes) => {
    worker ??= start();
    const { thread, ready } = worker;
    try {
      await ready;
    } catch (error) {
      stop();
      throw new DicomError('decodeFrame', `the codec worker could not start (${String(error)})`);
    }
    const id = nextId++;
    return new Promise<WasmDecodeResult>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        thread.off('message', onMessage);
        thread.off('error', onError);
      };
      const timer = setTimeout(() => {
        done();
        stop();
        reject(
          new DicomError(
            'decodeFrame',
            `${wasmCodecLabels[kind]} did not finish the frame within ${timeLimitMs / 1000} s; the codestream is probably corrupt`,
          ),
        );
      }, timeLimitMs);
      const onMessage = (reply: Reply) => {
        if (!('id' in reply) || reply.id !== id) return;
        done();
        if ('result' in reply) return resolve(reply.result);
        const detail = reply.error.replace(/^decodeFrame: /, '');
        reject(
          new DicomError(
            'decodeFrame',
            reply.dicom ? detail : `${wasmCodecLabels[kind]} failed (${detail})`,
          ),
        );
      };
      const onError = (error: Error) => {
        done();
        stop();
        reject(
          new DicomError('decodeFrame', `${wasmCodecLabels[kind]} crashed (${error.message})`),
        );
      };
      thread.on('message', onMessage);
      thread.on('error', onError);
      const copy = encoded.slice();
      thread.postMessage({ id, kind, encoded: copy, maxBytes }, [copy.buffer]);
    });
  };

  // One decode at a time per worker, so the time limit measures one frame.
  const run: WasmRunner = (kind, encoded, maxBytes) => {
    const result = queue.then(() => decodeOnce(kind, encoded, maxBytes));
    queue = result.catch(() => undefined);
    return result;
  };
  const restore = configureWasmRunner(run);
  return () => {
    restore();
    stop();
  };
}
