/**
 * Magnitude threshold of the top `density` fraction of `values`: the
 * ⌈density·n⌉-th largest |v|. Keeping every entry with |v| ≥ threshold keeps
 * that many entries plus any ties at the threshold.
 *
 * Linear time, no sort and no copy: for non-negative IEEE floats the bit
 * pattern orders like the value, so a two-level radix select (high 16 bits,
 * then low 16 bits inside the one bin that holds the threshold) finds the
 * exact value in two passes.
 */
export function topFractionThreshold(values: Float32Array, density: number): number {
  if (!(density > 0 && density <= 1))
    throw new Error(`topFractionThreshold: density must be in (0, 1], got ${density}`);
  const n = values.length;
  if (n === 0) return 0;
  const want = Math.min(n, Math.ceil(density * n));
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  const high = new Float64Array(32768);
  for (let i = 0; i < n; i++) {
    const b = bits[i]! & 0x7fffffff;
    if (b >= 0x7f800000) throw new Error(`topFractionThreshold: non-finite value at index ${i}`);
    high[b >>> 16]!++;
  }
  let above = 0;
  let bin = 32767;
  for (; bin > 0; bin--) {
    if (above + high[bin]! >= want) break;
    above += high[bin]!;
  }
  const low = new Float64Array(65536);
  for (let i = 0; i < n; i++) {
    const b = bits[i]! & 0x7fffffff;
    if (b >>> 16 === bin) low[b & 0xffff]!++;
  }
  let lo = 65535;
  for (; lo > 0; lo--) {
    if (above + low[lo]! >= want) break;
    above += low[lo]!;
  }
  const out = new Uint32Array([(bin << 16) | lo]);
  return new Float32Array(out.buffer)[0]!;
}
