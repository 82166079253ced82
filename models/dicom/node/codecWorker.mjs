// Worker thread of runCodecsInWorker.ts: runs codec decodes so that the
// caller can stop one that does not finish (a wasm or JS call cannot be
// interrupted in its own thread). The decoder sources are TypeScript, so the
// worker registers tsx itself (worker threads do not inherit the loader).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveCodecRequest } = await import('../codecs/serveCodecRequest.ts');

parentPort.on('message', async (request) => {
  const { reply, transfer } = await serveCodecRequest(request);
  parentPort.postMessage(reply, transfer);
});
parentPort.postMessage({ ready: true });
