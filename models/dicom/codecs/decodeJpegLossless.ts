import { DicomError, describeThrown } from '../DicomError';
import type { CodecOutput } from './CodecOutput';
import { decodeProcess14 } from './decodeProcess14';

/**
 * JPEG Lossless, process 14 (any predictor, incl. SV1). The layout DICOM
 * encoders write goes through our own decoder (decodeProcess14, about 4x
 * faster); anything it declines goes to the pure-JS jpeg-lossless-decoder-js
 * (rii-mango), loaded lazily. Both agree sample for sample except where the
 * library is wrong: predictor 7 (it keeps the fraction of (Ra + Rb) / 2) and,
 * at times, the last pixel of colour images.
 */
export async function decodeJpegLossless(
  encoded: Uint8Array,
  expected: { width: number; height: number; bitsAllocated: number; components: number },
): Promise<CodecOutput> {
  const bytesPerSample = expected.bitsAllocated > 8 ? 2 : 1;
  const fast = decodeProcess14(encoded, bytesPerSample);
  if (fast) {
    if (fast.width !== expected.width || fast.height !== expected.height) {
      throw new DicomError(
        'decodeFrame',
        `JPEG Lossless codestream is ${fast.width}x${fast.height}, the header says ${expected.width}x${expected.height}`,
      );
    }
    return {
      samples: fast.samples,
      width: fast.width,
      height: fast.height,
      components: fast.components,
      bitsPerSample: fast.precision,
      colorConverted: false,
    };
  }
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  const decoder = new Decoder();
  let decoded: Uint8Array | Uint16Array;
  try {
    // The decoder reads from an ArrayBuffer, so hand it an exact copy.
    decoded = decoder.decode(encoded.slice().buffer, 0, encoded.length, bytesPerSample);
  } catch (error) {
    throw new DicomError(
      'decodeFrame',
      // The library's own messages are sentences; a TypeError from inside it says nothing to a user.
      error instanceof TypeError || error instanceof RangeError
        ? 'JPEG Lossless could not decode the frame: the codestream is corrupt'
        : `JPEG Lossless could not decode the frame (${describeThrown(error)})`,
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
