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
  const select = createTopFractionSelect(values.length, density);
  select.countHigh(values, 0);
  select.pickHighBin();
  select.countLow(values);
  return select.threshold();
}

/**
 * The same select over values that arrive in blocks (a module's ΔW computed
 * block by block): feed every block to `countHigh`, call `pickHighBin`, feed
 * every block again to `countLow`, then read `threshold`.
 */
export interface TopFractionSelect {
  countHigh(block: Float32Array, offset: number): void;
  pickHighBin(): void;
  countLow(block: Float32Array): void;
  threshold(): number;
}

export function createTopFractionSelect(total: number, density: number): TopFractionSelect {
  if (!(density > 0 && density <= 1))
    throw new Error(`topFractionThreshold: density must be in (0, 1], got ${density}`);
  const want = Math.min(total, Math.ceil(density * total));
  // Uint32 counts in the hot loop (measured faster than doubles), flushed into
  // double totals at least every 2³⁰ entries so they never wrap.
  const high = new Float64Array(32768);
  const highBlock = new Uint32Array(4 * 32768);
  const low = new Float64Array(65536);
  let bin = -1;
  let above = 0;
  return {
    countHigh(block, offset) {
      const bits = new Uint32Array(block.buffer, block.byteOffset, block.length);
      for (let start = 0; start < bits.length; start += 2 ** 30) {
        highBlock.fill(0);
        const end = Math.min(bits.length, start + 2 ** 30);
        let i = start;
        // Four sub-histograms: neighbouring values often share a bin, and one
        // table serialises on its increments (measured 1.4 → 1.05 ns/entry).
        for (; i + 4 <= end; i += 4) {
          const b0 = bits[i]! & 0x7fffffff;
          const b1 = bits[i + 1]! & 0x7fffffff;
          const b2 = bits[i + 2]! & 0x7fffffff;
          const b3 = bits[i + 3]! & 0x7fffffff;
          if (Math.max(b0, b1, b2, b3) >= 0x7f800000) break;
          highBlock[b0 >>> 16]!++;
          highBlock[(b1 >>> 16) | 0x8000]!++;
          highBlock[(b2 >>> 16) | 0x10000]!++;
          highBlock[(b3 >>> 16) | 0x18000]!++;
        }
        for (; i < end; i++) {
          const b = bits[i]! & 0x7fffffff;
          if (b >= 0x7f800000)
            throw new Error(`topFractionThreshold: non-finite value at index ${offset + i}`);
          highBlock[b >>> 16]!++;
        }
        for (let h = 0; h < 32768; h++)
          high[h]! +=
            highBlock[h]! +
            highBlock[h | 0x8000]! +
            highBlock[h | 0x10000]! +
            highBlock[h | 0x18000]!;
      }
    },
    pickHighBin() {
      above = 0;
      bin = 32767;
      for (; bin > 0; bin--) {
        if (above + high[bin]! >= want) break;
        above += high[bin]!;
      }
    },
    countLow(block) {
      if (bin < 0) throw new Error('topFractionThreshold: countLow before pickHighBin');
      const bits = new Uint32Array(block.buffer, block.byteOffset, block.length);
      for (let i = 0; i < bits.length; i++) {
        const b = bits[i]! & 0x7fffffff;
        if (b >>> 16 === bin) low[b & 0xffff]!++;
      }
    },
    threshold() {
      if (total === 0) return 0;
      let rest = above;
      let lo = 65535;
      for (; lo > 0; lo--) {
        if (rest + low[lo]! >= want) break;
        rest += low[lo]!;
      }
      const out = new Uint32Array([(bin << 16) | lo]);
      return new Float32Array(out.buffer)[0]!;
    },
  };
}
