// The renderer's codec worker (a module Web Worker, bundled by Vite): runs
// the codec decodes (wasm and 12-bit DCT) of the isomorphic decoder off the page's thread, so that
// runCodecsInWebWorker can stop a frame that does not finish without the UI
// freezing. It imports the codec files directly, not models/dicom/index, so
// the worker's bundle holds only what a decode needs.
import { configureWasmCodecs } from '../../../../../models/dicom/codecs/loadWasmCodec';
import {
  serveCodecRequest,
  type CodecRequest,
} from '../../../../../models/dicom/codecs/serveCodecRequest';
import { codecWasmUrls } from './codecWasmUrls';

configureWasmCodecs({ locateWasm: (codec) => codecWasmUrls[codec] });

self.addEventListener('message', (event: MessageEvent<CodecRequest>) => {
  void serveCodecRequest(event.data).then(({ reply, transfer }) =>
    self.postMessage(reply, { transfer }),
  );
});
self.postMessage({ ready: true }, { transfer: [] });
