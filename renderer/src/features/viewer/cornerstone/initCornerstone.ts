import * as cornerstone from 'cornerstone-core';
import * as cornerstoneMath from 'cornerstone-math';
import * as cornerstoneTools from 'cornerstone-tools';
import Hammer from 'hammerjs';
import { configureWasmCodecs } from '../../../../../models/dicom/index';
import { codecWasmUrls } from '../codecs/codecWasmUrls';
import {
  MMX_SCHEME,
  createMmxImageLoader,
  mmxMetadataProvider,
  type SourceResolver,
} from './mmxImageLoader';

let resolver: SourceResolver = () => undefined;
let initialised = false;

/**
 * One-time set-up of cornerstone: tools' externals, our image loader and
 * metadata provider, and where Vite put the codecs' .wasm files (for a page
 * without the codec worker, see runCodecsInWebWorker). Later calls
 * only swap the source resolver.
 */
export function initCornerstone(resolve: SourceResolver): void {
  resolver = resolve;
  if (initialised) return;
  initialised = true;
  configureWasmCodecs({ locateWasm: (codec) => codecWasmUrls[codec] });
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
