import { HUFFMAN_LOOKUP_BITS, type HuffmanLookup } from './buildHuffmanLookup';

/**
 * Decodes `count` lossless difference values (ITU T.81 H.1.2.2: a Huffman
 * coded category SSSS, then SSSS extra bits read as in F.2.2.1 EXTEND;
 * SSSS 16 means 32768 with no extra bits) from `view` at bit `bitPos`,
 * cycling through `tables` (one per interleaved component). Returns the new
 * bit position, or -1 for a code that is not in its table or a read past
 * `bitLength`. Each step reads one big-endian 32-bit word and uses no
 * data-dependent branch in the common case, which is what makes it fast.
 */
export function decodeDifferences(
  view: DataView,
  bitLength: number,
  bitPos: number,
  tables: readonly HuffmanLookup[],
  diffs: Int32Array,
  count: number,
): number {
  if (tables.length === 1) return decodeOneTable(view, bitLength, bitPos, tables[0]!, diffs, count);
  let bp = bitPos;
  for (let i = 0, c = 0; i < count; i++) {
    const table = tables[c]!;
    c = c + 1 === tables.length ? 0 : c + 1;
    bp = step(view, bp, table, diffs, i);
    if (bp < 0 || bp > bitLength) return -1;
  }
  return bp;
}

function decodeOneTable(
  view: DataView,
  bitLength: number,
  bitPos: number,
  table: HuffmanLookup,
  diffs: Int32Array,
  count: number,
): number {
  let bp = bitPos;
  for (let i = 0; i < count; i++) {
    bp = step(view, bp, table, diffs, i);
    if (bp < 0 || bp > bitLength) return -1;
  }
  return bp;
}

/** One difference into diffs[i]; the bit position after it, or -1. */
function step(
  view: DataView,
  bp: number,
  table: HuffmanLookup,
  diffs: Int32Array,
  i: number,
): number {
  // 32 bits at the byte of bp, shifted so the next bit is the MSB: at least 25 valid bits.
  const w = view.getUint32(bp >>> 3) << (bp & 7);
  let entry = table.fast[w >>> (32 - HUFFMAN_LOOKUP_BITS)]!;
  if (entry === 0) {
    entry = table.slow(w >>> 16);
    if (entry === 0) return -1;
  }
  const len = entry >> 8;
  const s = entry & 0xff;
  if (s === 16) {
    diffs[i] = 32768;
    return bp + len;
  }
  let v: number;
  if (len + s <= 25) v = (w >>> (32 - len - s)) & ((1 << s) - 1);
  else {
    const at = bp + len;
    v = (view.getUint32(at >>> 3) << (at & 7)) >>> (32 - s);
  }
  // EXTEND without a branch: a value whose top bit is clear is negative, v - (2^s - 1).
  diffs[i] = v - ((((v >>> (s - 1)) & 1) - 1) & ((1 << s) - 1));
  return bp + len + s;
}
