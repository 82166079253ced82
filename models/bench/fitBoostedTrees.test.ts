import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { treesProbability } from '../reasoning/boostedTrees';
import { fitBoostedTrees } from './fitBoostedTrees';

/** Points in the unit square labelled by quadrant: positive where x and y fall on the same side of 0.5. */
function quadrants(n: number, seed: number) {
  const random = seededRandom(seed);
  const rows = Array.from({ length: n }, () => [random(), random(), random()]);
  const labels = rows.map(([x, y]) => ((x as number) > 0.5 === (y as number) > 0.5 ? 1 : 0));
  return { rows, labels };
}

const accuracy = (p: (x: readonly number[]) => number, rows: number[][], labels: number[]) =>
  rows.filter((x, i) => (p(x) >= 0.5 ? 1 : 0) === labels[i]).length / rows.length;

describe('fitBoostedTrees', () => {
  // Same-side quadrants: no line separates them, so this needs the trees' interactions.
  it('learns an interaction of two features on points it was not fitted on, ignoring a third', () => {
    const train = quadrants(2000, 1);
    const test = quadrants(1000, 2);
    const model = fitBoostedTrees(train.rows, train.labels, { rounds: 60 });
    expect(accuracy((x) => treesProbability(model, x), test.rows, test.labels)).toBeGreaterThan(
      0.95,
    );
    // Trees chase a little noise too, but most splits are on the two features that decide.
    const splits = [0, 1, 2].map(
      (f) => model.trees.flatMap((t) => t.feature).filter((g) => g === f).length,
    );
    expect(splits[2]).toBeLessThan(Math.min(splits[0] as number, splits[1] as number) / 2);
  });

  it('splits between the two values that separate the labels, and never on a feature that does not', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i < 100 ? 0.2 : 0.8, i % 7]);
    const labels = rows.map(([x]) => ((x as number) > 0.5 ? 1 : 0));
    const model = fitBoostedTrees(rows, labels, { rounds: 5, maxLeaves: 2, learningRate: 1 });
    for (const tree of model.trees) {
      expect(tree.feature[0]).toBe(0);
      expect(tree.threshold[0]).toBeCloseTo(0.5, 12);
    }
    expect(treesProbability(model, [0.2, 3])).toBeLessThan(0.2);
    expect(treesProbability(model, [0.8, 3])).toBeGreaterThan(0.8);
  });

  it('gives the same trees for the same rows', () => {
    const { rows, labels } = quadrants(500, 3);
    expect(fitBoostedTrees(rows, labels, { rounds: 10 })).toEqual(
      fitBoostedTrees(rows, labels, { rounds: 10 }),
    );
  });

  it('keeps every leaf at least minLeafRows rows', () => {
    const { rows, labels } = quadrants(300, 4);
    const model = fitBoostedTrees(rows, labels, { rounds: 3, minLeafRows: 40, maxLeaves: 16 });
    for (const tree of model.trees) {
      const counts = new Map<number, number>();
      for (const x of rows) {
        let k = 0;
        while ((tree.feature[k] as number) >= 0)
          k = (
            (x[tree.feature[k] as number] as number) <= (tree.threshold[k] as number)
              ? tree.left[k]
              : tree.right[k]
          ) as number;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(40);
    }
  });

  it('refuses rows without as many labels', () => {
    expect(() => fitBoostedTrees([[1], [2]], [1])).toThrow(/2 rows and 1 labels/);
  });
});
