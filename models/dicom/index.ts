// Public API of the isomorphic DICOM decoder: runs in Node and in the
// renderer (Vite). Nothing here imports node: modules; Node-only helpers
// (sharp, PNG files) live in ./node.
export { DicomError } from './DicomError';
export { detectFormat, type FileFormat } from './detectFormat';
export { parseDicom, type ParsedDicom } from './parseDicom';
export { readImageInfo, type DicomImageInfo } from './readImageInfo';
export {
  decodeFrame,
  type DecodedFrame,
  type VoiWindow,
  type StoredPixels,
  type Lut,
} from './decodeFrame';
export {
  renderFrame,
  defaultWindow,
  storedRange,
  type RenderOptions,
  type RenderedFrame,
} from './renderFrame';
export {
  modelPixels,
  renderForModel,
  type DisplayView,
  type ModelImage,
  type ModelPixels,
  type ModelPixelSource,
  type RasterDecoder,
} from './renderForModel';
export { orientPixels, type Orientation } from './orientPixels';
export { strokeBoxesRgb, type StrokedBox } from './strokeBoxesRgb';
export {
  applyAffine,
  composeAffine,
  IDENTITY_AFFINE,
  invertAffine,
  mapBox,
  orientationAffine,
  scaleAffine,
  type Affine,
} from './pixelAffine';
export { listTags, type TagEntry } from './listTags';
export { loadTagDictionary, type TagDictionary, type TagInfo } from './tagDictionary';
export { tagVr } from './tagVr';
export { isPhiTag, phiTags } from './phiTags';
export { groupIntoSeries, type Study, type Series, type SeriesInstance } from './groupIntoSeries';
export { configureWasmCodecs, type WasmCodecName } from './codecs/loadWasmCodec';
export { configureCodecRunner, type CodecRunner } from './codecs/decodeWithCodec';
export {
  createWorkerRunner,
  DEFAULT_CODEC_TIME_LIMIT_MS,
  type CodecWorker,
} from './codecs/createWorkerRunner';
export type { CodecReply, CodecRequest } from './codecs/serveCodecRequest';
export { transferSyntaxes, transferSyntaxOf, sopClassOf, type TransferSyntax } from './uids';
export { resizeArea, fitWithin } from './resizeRgb';
export { readSrTree, type SrDocument, type SrNode } from './readSrTree';
export { readWaveform, type WaveformChannel, type WaveformGroup } from './readWaveform';
export { encodeRgbPng } from './encodeRgbPng';
