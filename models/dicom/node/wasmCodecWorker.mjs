// Worker thread of runCodecsInWorker.ts: runs wasm decodes so that the
// caller can stop one that does not finish (a wasm call cannot be
// interrupted in its own thread). The decoder sources are TypeScript, so the
// worker registers tsx itself (worker threads do not inherit the loader).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { decodeInThisThread } = await import('../codecs/decodeWithWasm.ts');

parentPort.on('message', async ({ id, kind, encoded, maxBytes }) => {
  try {
    const result = await decodeInThisThread(kind, encoded, maxBytes);
    parentPort.postMessage({ id, result }, [result.decoded.buffer]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id, error: message, dicom: error?.name === 'DicomError' });
  }
});
parentPort.postMessage({ ready: true });
