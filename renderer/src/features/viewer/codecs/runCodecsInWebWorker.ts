import {
  configureCodecRunner,
  createWorkerRunner,
  type CodecReply,
  type CodecWorker,
} from '../../../../../models/dicom/index';

/** A module Web Worker running codecWorker.ts, as the runner sees a worker. */
function startWebCodecWorker(): CodecWorker {
  // Vite bundles the worker from this exact expression (new Worker(new URL(...), { type: 'module' })).
  const worker = new Worker(new URL('./codecWorker.ts', import.meta.url), {
    type: 'module',
    name: 'mmx-codecs',
  });
  return {
    postMessage: (request, transfer) => worker.postMessage(request, transfer),
    onMessage: (listener: (reply: CodecReply) => void) => {
      const onMessage = (event: MessageEvent<CodecReply>) => listener(event.data);
      worker.addEventListener('message', onMessage);
      return () => worker.removeEventListener('message', onMessage);
    },
    onError: (listener) => {
      // A worker script that fails to load fires a plain Event, one that throws an ErrorEvent.
      const onError = (event: Event) => {
        event.preventDefault();
        listener(
          new Error(
            event instanceof ErrorEvent && event.message
              ? event.message
              : 'the worker script did not load',
          ),
        );
      };
      worker.addEventListener('error', onError);
      return () => worker.removeEventListener('error', onError);
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * Moves the renderer's codec decodes (JPEG, 12-bit JPEG, JPEG-LS, JPEG 2000, HTJ2K) into a
 * Web Worker with the same time limit as the CLI: a frame that takes longer
 * is stopped with a clear message and the worker is replaced, and the page
 * stays responsive meanwhile. Where Web Workers do not exist (unit tests in
 * jsdom) decodes stay in the page. Returns a disposer.
 */
export function runCodecsInWebWorker({ timeLimitMs }: { timeLimitMs?: number } = {}): () => void {
  if (typeof Worker === 'undefined') return () => {};
  const { run, stop } = createWorkerRunner({
    startWorker: startWebCodecWorker,
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
  });
  const restore = configureCodecRunner(run);
  return () => {
    restore();
    stop();
  };
}
