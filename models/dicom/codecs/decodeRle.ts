import { DicomError } from '../DicomError';

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment
 * offsets, each segment a PackBits-coded byte plane. Segment order is, for
 * each sample, its most significant byte first (G.2). Returns the samples in
 * native little-endian layout with planar configuration 1 (one plane per
 * sample), ready for the native pixel path.
 */
export function decodeRle(
  encoded: Uint8Array,
  {
    pixels,
    samplesPerPixel,
    bytesPerSample,
  }: { pixels: number; samplesPerPixel: number; bytesPerSample: number },
): Uint8Array {
  if (encoded.length < 64)
    throw new DicomError('decodeFrame', 'RLE frame is shorter than its 64-byte header');
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new DicomError(
      'decodeFrame',
      `RLE frame has ${segments} segments, the header needs ${expected}`,
    );
  }
  const out = new Uint8Array(pixels * expected);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < 64 || end > encoded.length || end < start)
      throw new DicomError('decodeFrame', `RLE segment ${s + 1} has a bad offset`);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    // Plane of this sample, little-endian bytes of each value.
    const base = sample * pixels * bytesPerSample + byteInSample;
    unpackBits(encoded, start, end, out, base, bytesPerSample, pixels);
  }
  return out;
}

function unpackBits(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  base: number,
  stride: number,
  count: number,
): void {
  let i = start;
  let n = 0;
  while (i < end && n < count) {
    const header = src[i++]!;
    if (header < 128) {
      const run = Math.min(header + 1, count - n, end - i);
      for (let k = 0; k < run; k++) out[base + n++ * stride] = src[i++]!;
    } else if (header > 128) {
      const run = Math.min(257 - header, count - n);
      const value = src[i++]!;
      for (let k = 0; k < run; k++) out[base + n++ * stride] = value;
    }
  }
  if (n < count)
    throw new DicomError('decodeFrame', 'RLE segment ended before the frame was complete');
}
