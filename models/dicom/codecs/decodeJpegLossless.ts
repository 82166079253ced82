import { DicomError, describeThrown } from '../DicomError';
import type { CodecOutput } from './CodecOutput';

/**
 * JPEG Lossless, process 14 (any predictor, incl. SV1), with the pure-JS
 * jpeg-lossless-decoder-js (rii-mango), loaded lazily.
 */
export async function decodeJpegLossless(
  encoded: Uint8Array,
  expected: { width: number; height: number; bitsAllocated: number; components: number },
): Promise<CodecOutput> {
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  const decoder = new Decoder();
  const bytesPerSample = expected.bitsAllocated > 8 ? 2 : 1;
  let decoded: Uint8Array | Uint16Array;
  try {
    // The decoder reads from an ArrayBuffer, so hand it an exact copy.
    decoded = decoder.decode(encoded.slice().buffer, 0, encoded.length, bytesPerSample);
  } catch (error) {
    throw new DicomError(
      'decodeFrame',
      `JPEG Lossless could not decode the frame (${describeThrown(error)})`,
    );
  }
  const frame = decoder as unknown as {
    xDim?: number;
    yDim?: number;
    precision?: number;
    numComp?: number;
  };
  const width = frame.xDim ?? 0;
  const height = frame.yDim ?? 0;
  if (width !== expected.width || height !== expected.height) {
    throw new DicomError(
      'decodeFrame',
      `JPEG Lossless codestream is ${width}x${height}, the header says ${expected.width}x${expected.height}`,
    );
  }
  const needed = width * height * expected.components;
  if (decoded.length < needed)
    throw new DicomError('decodeFrame', 'JPEG Lossless codestream ended early');
  return {
    samples: decoded.length === needed ? decoded : decoded.subarray(0, needed),
    width,
    height,
    components: frame.numComp ?? expected.components,
    bitsPerSample: frame.precision ?? expected.bitsAllocated,
    colorConverted: false,
  };
}
