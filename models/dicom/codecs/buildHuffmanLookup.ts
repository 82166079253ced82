/** Codes up to this many bits decode with one table read. */
export const HUFFMAN_LOOKUP_BITS = 12;

/**
 * A Huffman table of a JPEG DHT segment ready for decoding. Entries are
 * `codeLength << 8 | value`, 0 where no code matches.
 */
export interface HuffmanLookup {
  /** Indexed by the next HUFFMAN_LOOKUP_BITS bits of the stream. */
  fast: Uint16Array;
  /** Codes longer than HUFFMAN_LOOKUP_BITS, from the next 16 bits. */
  slow(next16: number): number;
}

/**
 * The canonical codes of ITU T.81 Annex C (Figures C.1-C.3) from BITS (16
 * counts of codes per length) and HUFFVAL, as a lookup table plus the
 * MAXCODE / VALPTR search of F.2.2.3 for long codes. Undefined when the
 * counts overflow the code space or a value is no lossless category (>16).
 */
export function buildHuffmanLookup(
  counts: Uint8Array,
  values: Uint8Array,
): HuffmanLookup | undefined {
  const fast = new Uint16Array(1 << HUFFMAN_LOOKUP_BITS);
  const maxCode = new Int32Array(17).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1]!;
    valPtr[len] = k;
    minCode[len] = code;
    for (let j = 0; j < n; j++, k++, code++) {
      const value = values[k]!;
      if (value > 16 || code >= 1 << len) return undefined;
      if (len <= HUFFMAN_LOOKUP_BITS) {
        const shift = HUFFMAN_LOOKUP_BITS - len;
        fast.fill((len << 8) | value, code << shift, (code + 1) << shift);
      }
    }
    if (n > 0) maxCode[len] = code - 1;
    code <<= 1;
  }
  return {
    fast,
    slow(next16) {
      for (let len = HUFFMAN_LOOKUP_BITS + 1; len <= 16; len++) {
        const c = next16 >>> (16 - len);
        if (c <= maxCode[len]!) return (len << 8) | values[valPtr[len]! + c - minCode[len]!]!;
      }
      return 0;
    },
  };
}
