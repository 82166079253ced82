import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openjphWasm from '@cornerstonejs/codec-openjph/wasm?url';
import type { WasmCodecName } from '../../../../../models/dicom/codecs/loadWasmCodec';

/** Where Vite put each codec's .wasm: the page and the codec worker load them from there. */
export const codecWasmUrls: Record<WasmCodecName, string> = {
  charls: charlsWasm,
  libjpegTurbo: libjpegTurboWasm,
  openjpeg: openjpegWasm,
  openjph: openjphWasm,
};
