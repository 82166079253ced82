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
  // Check every segment against what it can possibly unpack to before allocating the frame:
  // a PackBits repeat run turns 2 bytes into at most 128 (G.3.1), so a segment of n bytes
  // yields at most 64 n. A 32768 x 32768 header over a few bytes of RLE stops here.
  const bounds: [number, number][] = [];
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < 64 || end > encoded.length || end < start)
      throw new DicomError('decodeFrame', `RLE segment ${s + 1} has a bad offset`);
    if (Math.ceil((end - start) / 2) * 128 < pixels)
      throw new DicomError(
        'decodeFrame',
        `RLE segment ${s + 1} (${end - start} bytes) is too short for a frame of ${pixels} pixels`,
      );
    bounds.push([start, end]);
  }
  const out = new Uint8Array(pixels * expected);
  // Each segment is unpacked into a contiguous byte plane (PackBits runs become set/fill calls),
  // then the planes of a multi-byte sample are merged into little-endian cells.
  const planes = bytesPerSample === 1 ? out : new Uint8Array(pixels * segments);
  bounds.forEach(([start, end], s) => unpackBits(encoded, start, end, planes, s * pixels, pixels));
  if (bytesPerSample > 1) {
    for (let sample = 0; sample < samplesPerPixel; sample++)
      mergeBytePlanes(
        planes,
        sample * bytesPerSample * pixels,
        out,
        sample * pixels * bytesPerSample,
        bytesPerSample,
        pixels,
      );
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Byte planes, most significant first (PS3.5 G.2), to little-endian cells of `width` bytes. */
function mergeBytePlanes(
  planes: Uint8Array,
  from: number,
  out: Uint8Array,
  to: number,
  width: number,
  pixels: number,
): void {
  if (width === 2 && littleEndian && to % 2 === 0) {
    const cells = new Uint16Array(out.buffer, out.byteOffset + to, pixels);
    const lo = from + pixels;
    for (let i = 0; i < pixels; i++) cells[i] = (planes[from + i]! << 8) | planes[lo + i]!;
    return;
  }
  for (let b = 0; b < width; b++) {
    const plane = from + b * pixels;
    for (let i = 0, o = to + width - 1 - b; i < pixels; i++, o += width)
      out[o] = planes[plane + i]!;
  }
}

/** PackBits (G.3.1): header n < 128 copies n + 1 literal bytes, n > 128 repeats the next byte 257 - n times, 128 is a no-op. */
function unpackBits(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  base: number,
  count: number,
): void {
  let i = start;
  let o = base;
  const outEnd = base + count;
  while (i < end && o < outEnd) {
    const header = src[i++]!;
    if (header < 128) {
      const run = Math.min(header + 1, outEnd - o, end - i);
      out.set(src.subarray(i, i + run), o);
      o += run;
      i += run;
    } else if (header > 128) {
      const run = Math.min(257 - header, outEnd - o);
      out.fill(src[i++]!, o, o + run);
      o += run;
    }
  }
  if (o < outEnd)
    throw new DicomError('decodeFrame', 'RLE segment ended before the frame was complete');
}
