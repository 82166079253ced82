/** One entropy-coded segment with its byte stuffing removed. */
export interface EntropySegment {
  /** The segment's bits, MSB first, followed by at least 8 zero bytes (so 32-bit reads never run off). */
  bytes: Uint8Array;
  /** Number of real bits in `bytes`. */
  bitLength: number;
  /** Offset in the codestream of the marker (or the end) that closed the segment. */
  end: number;
}

/**
 * The entropy-coded bytes from `start` up to the next marker, with each
 * stuffed 0xFF00 turned back into 0xFF (ITU T.81 F.1.2.3, B.1.1.5). Fill
 * bytes 0xFF in front of a marker (B.1.1.2) end the segment too. Runs
 * between 0xFF bytes are copied with `set`, so the cost is close to a memcpy.
 * `scratch`, when large enough, is reused for the output.
 */
export function readEntropySegment(
  data: Uint8Array,
  start: number,
  scratch?: Uint8Array,
): EntropySegment {
  const bytes =
    scratch && scratch.length >= data.length - start + 8
      ? scratch
      : new Uint8Array(data.length - start + 8);
  let from = start;
  let length = 0;
  let end = data.length;
  for (;;) {
    const ff = data.indexOf(0xff, from);
    const runEnd = ff < 0 ? data.length : ff;
    bytes.set(data.subarray(from, runEnd), length);
    length += runEnd - from;
    if (ff < 0) break;
    if (data[ff + 1] !== 0) {
      end = ff;
      break;
    }
    bytes[length++] = 0xff;
    from = ff + 2;
  }
  bytes.fill(0, length, length + 8);
  return { bytes, bitLength: length * 8, end };
}
