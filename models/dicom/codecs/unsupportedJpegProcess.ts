import type { CodestreamSize } from './readCodestreamSize';

/**
 * Why no codec here decodes a JPEG codestream of this process, in one
 * sentence, or undefined when one does. By the frame marker (ITU T.81
 * B.1.1.3, Table B.1): hierarchical processes (SOF5-7, SOF13-15, Annex J)
 * have no decoder, nor has arithmetic coding (SOF9-11, SOF13-15, F.1.4)
 * beyond 8 bits: libjpeg-turbo decodes 8-bit arithmetic-coded DCT, our own
 * decoders (12-bit DCT, lossless) read Huffman coding only.
 */
export function unsupportedJpegProcess(size: CodestreamSize): string | undefined {
  const marker = size.frameMarker;
  if (marker === undefined || marker < 0xc0 || marker > 0xcf) return undefined;
  const sof = `SOF${marker - 0xc0}`;
  if ((marker >= 0xc5 && marker <= 0xc7) || marker >= 0xcd)
    return `hierarchical JPEG (ITU T.81 Annex J, frame marker ${sof}) is not supported; the file needs converting to a non-hierarchical transfer syntax`;
  if (marker === 0xcb)
    return `arithmetic-coded lossless JPEG (frame marker ${sof}) is not supported; only Huffman-coded lossless JPEG is`;
  if ((marker === 0xc9 || marker === 0xca) && size.precision > 8)
    return `arithmetic-coded ${size.precision}-bit JPEG (frame marker ${sof}) is not supported; 8-bit arithmetic coding and Huffman-coded 12-bit JPEG are`;
  return undefined;
}
