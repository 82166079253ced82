import { describe, expect, it } from 'vitest';
import { combineBlock, emptyTally, trimBelow } from './mergeKernel';
import { seededStreamRandom } from './seededStreamRandom';
import { tiesCombineBlock } from './tiesCombineBlock';
import { createTopFractionSelect, topFractionThreshold } from './topFractionThreshold';

/** Small integers in [-4, 4] (exact in f32, many ties and zeros) for `k` experts. */
function integerTaus(k: number, n: number, seed: number): Float32Array[] {
  const random = seededStreamRandom(seed, 'taus');
  return Array.from({ length: k }, () =>
    Float32Array.from({ length: n }, () => (random() % 9) - 4),
  );
}

describe('tiesCombineBlock', () => {
  it('gives the merged values and tallies of trimBelow followed by combineBlock, for 1 to 6 experts', () => {
    for (let k = 1; k <= 6; k++) {
      const taus = integerTaus(k, 1001, k);
      const thresholds = taus.map((_, e) => (e % 3) + 1);
      const fused = new Float32Array(1001);
      const fusedTally = emptyTally(k);
      tiesCombineBlock(
        taus.map((t) => t.slice()),
        thresholds,
        fused,
        fusedTally,
      );
      const trimmed = taus.map((t) => t.slice());
      const stepped = new Float32Array(1001);
      const steppedTally = emptyTally(k);
      trimmed.forEach((t, e) => trimBelow(t, thresholds[e]!, steppedTally.experts[e]!));
      combineBlock(trimmed, stepped, true, steppedTally);
      expect(fused).toEqual(stepped);
      expect(fusedTally).toEqual(steppedTally);
      expect(fusedTally.votedEntries).toBeGreaterThan(0);
      if (k > 1) expect(fusedTally.conflictEntries).toBeGreaterThan(0);
    }
  });

  it('keeps values exactly at the threshold and drops values just below it', () => {
    const out = new Float32Array(3);
    const tally = emptyTally(2);
    tiesCombineBlock(
      [new Float32Array([2, -2, 1.5]), new Float32Array([-1, 3, 0])],
      [2, 1],
      out,
      tally,
    );
    // Expert 0 keeps 2 and −2 (ties), drops 1.5; expert 1 keeps −1 and 3.
    expect([...out]).toEqual([2, 3, 0]);
    expect(tally.experts.map((e) => [e.keptEntries, e.electedAway])).toEqual([
      [2, 1],
      [2, 1],
    ]);
  });
});

describe('createTopFractionSelect', () => {
  it('over blocks agrees with the one-shot threshold and with sorting', () => {
    const random = seededStreamRandom(11, 'select');
    const values = Float32Array.from(
      { length: 50_003 },
      () => ((random() / 2 ** 32 - 0.5) * 8) ** 3,
    );
    for (const density of [0.01, 0.2, 0.7]) {
      const select = createTopFractionSelect(values.length, density);
      const starts = [0, 1, 4096, 30_000, values.length];
      const blocks = starts.slice(1).map((end, j) => values.subarray(starts[j]!, end));
      blocks.forEach((block, j) => select.countHigh(block, starts[j]!));
      select.pickHighBin();
      blocks.forEach((block) => select.countLow(block));
      const sorted = [...values].map(Math.abs).sort((a, b) => b - a);
      const want = sorted[Math.ceil(density * values.length) - 1];
      expect(select.threshold()).toBe(want);
      expect(topFractionThreshold(values, density)).toBe(want);
    }
  });

  it('names the index of a non-finite value in a later block', () => {
    const select = createTopFractionSelect(20, 0.5);
    select.countHigh(new Float32Array(10), 0);
    const block = new Float32Array(10);
    block[6] = -Infinity;
    expect(() => select.countHigh(block, 10)).toThrow(/non-finite value at index 16/);
    expect(() => createTopFractionSelect(20, 0.5).countLow(block)).toThrow(/before pickHighBin/);
  });
});
