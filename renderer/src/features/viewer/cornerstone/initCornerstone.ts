import * as cornerstone from 'cornerstone-core';
import * as cornerstoneMath from 'cornerstone-math';
import * as cornerstoneTools from 'cornerstone-tools';
import Hammer from 'hammerjs';
import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openjphWasm from '@cornerstonejs/codec-openjph/wasm?url';
import { configureWasmCodecs, type WasmCodecName } from '../../../../../models/dicom/index';
import {
  MMX_SCHEME,
  createMmxImageLoader,
  mmxMetadataProvider,
  type SourceResolver,
} from './mmxImageLoader';

const wasmUrls: Record<WasmCodecName, string> = {
  charls: charlsWasm,
  libjpegTurbo: libjpegTurboWasm,
  openjpeg: openjpegWasm,
  openjph: openjphWasm,
};

let resolver: SourceResolver = () => undefined;
let initialised = false;

/**
 * One-time set-up of cornerstone: tools' externals, our image loader and
 * metadata provider, and where Vite put the codecs' .wasm files. Later calls
 * only swap the source resolver.
 */
export function initCornerstone(resolve: SourceResolver): void {
  resolver = resolve;
  if (initialised) return;
  initialised = true;
  configureWasmCodecs({ locateWasm: (codec) => wasmUrls[codec] });
  cornerstoneTools.external.cornerstone = cornerstone;
  cornerstoneTools.external.cornerstoneMath = cornerstoneMath;
  cornerstoneTools.external.Hammer = Hammer;
  cornerstoneTools.init({ showSVGCursors: false, globalToolSyncEnabled: false });
  cornerstone.registerImageLoader(
    MMX_SCHEME,
    createMmxImageLoader((id) => resolver(id)),
  );
  cornerstone.metaData.addProvider(mmxMetadataProvider);
}
