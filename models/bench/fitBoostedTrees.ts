import type { BoostedTrees, RegressionTree } from '../reasoning/boostedTrees';

export interface BoostingOptions {
  /** Trees fitted, one per round. */
  rounds?: number;
  /** Each tree's leaves are shrunk by this (Friedman 2001, "shrinkage"). */
  learningRate?: number;
  /** Leaves per tree, grown best-first (the split with the largest gain next). */
  maxLeaves?: number;
  /** A leaf keeps at least this many rows. */
  minLeafRows?: number;
  /** L2 penalty on leaf values (XGBoost's lambda; Chen & Guestrin 2016, eq. 2). */
  l2?: number;
  /** Distinct split points per feature; more distinct values are cut at quantiles. */
  maxBins?: number;
}

const DEFAULTS: Required<BoostingOptions> = {
  rounds: 200,
  learningRate: 0.1,
  maxLeaves: 8,
  minLeafRows: 20,
  l2: 1,
  maxBins: 255,
};

/** Each feature's split points: midpoints between its distinct values, or between quantiles when there are many. */
function splitPoints(column: Float64Array, maxBins: number): number[] {
  const sorted = Float64Array.from(column).sort();
  const distinct: number[] = [];
  for (const v of sorted)
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
  const picked =
    distinct.length <= maxBins
      ? distinct
      : Array.from(
          { length: maxBins },
          (_, b) => sorted[Math.floor(((b + 1) * (sorted.length - 1)) / maxBins)] as number,
        ).filter((v, i, a) => i === 0 || v !== a[i - 1]);
  return picked.slice(0, -1).map((v, i) => {
    const next = picked[i + 1] as number;
    return v + (next - v) / 2;
  });
}

/** The bin of a value: how many split points lie below it (x ≤ point goes left). */
function binOf(points: readonly number[], x: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= (points[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
}

interface Leaf {
  rows: Int32Array;
  g: number;
  h: number;
  /** Per feature, per bin: gradient, hessian and row sums (3 numbers a bin). */
  hist: Float64Array[];
  split: Split | null;
  /** Where the leaf sits in the tree's node arrays. */
  node: number;
}

/**
 * Gradient-boosted regression trees for a binary label, fitted by Newton steps
 * on the log-loss (Friedman 2001, "Greedy function approximation"; the
 * second-order gain and penalised leaf values of XGBoost, Chen & Guestrin
 * 2016) over binned features (histograms, as LightGBM and scikit-learn's
 * HistGradientBoosting do). Deterministic: the same rows give the same trees.
 */
export function fitBoostedTrees(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: BoostingOptions = {},
): BoostedTrees {
  const { rounds, learningRate, maxLeaves, minLeafRows, l2, maxBins } = { ...DEFAULTS, ...options };
  const n = rows.length;
  if (n === 0 || n !== labels.length)
    throw new Error(
      `fitBoostedTrees: need as many labels as rows, got ${n} rows and ${labels.length} labels`,
    );
  const d = (rows[0] as readonly number[]).length;
  const points = Array.from({ length: d }, (_, f) =>
    splitPoints(
      Float64Array.from(rows, (r) => r[f] as number),
      maxBins,
    ),
  );
  const bins = points.map((p, f) => Uint8Array.from(rows, (r) => binOf(p, r[f] as number)));
  const binCount = points.map((p) => p.length + 1);

  const positives = labels.reduce((s, y) => s + y, 0);
  const prior = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  const bias = Math.log(prior / (1 - prior));
  const raw = new Float64Array(n).fill(bias);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);

  const histogram = (leafRows: Int32Array): Float64Array[] =>
    bins.map((column, f) => {
      const hist = new Float64Array(3 * (binCount[f] as number));
      for (const i of leafRows) {
        const b = 3 * (column[i] as number);
        hist[b] = (hist[b] as number) + (grad[i] as number);
        hist[b + 1] = (hist[b + 1] as number) + (hess[i] as number);
        hist[b + 2] = (hist[b + 2] as number) + 1;
      }
      return hist;
    });
  const score = (g: number, h: number) => (g * g) / (h + l2);
  const bestSplit = (leaf: Omit<Leaf, 'split'>): Split | null => {
    let best: Split | null = null;
    const parent = score(leaf.g, leaf.h);
    leaf.hist.forEach((hist, feature) => {
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let bin = 0; bin + 1 < (binCount[feature] as number); bin++) {
        gl += hist[3 * bin] as number;
        hl += hist[3 * bin + 1] as number;
        nl += hist[3 * bin + 2] as number;
        const nr = leaf.rows.length - nl;
        if (nl < minLeafRows) continue;
        if (nr < minLeafRows) break;
        const gain = score(gl, hl) + score(leaf.g - gl, leaf.h - hl) - parent;
        if (gain > 1e-12 && (best === null || gain > best.gain)) best = { gain, feature, bin };
      }
    });
    return best;
  };

  const trees: RegressionTree[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(raw[i] as number)));
      grad[i] = p - (labels[i] as number);
      hess[i] = Math.max(p * (1 - p), 1e-12);
    }
    const tree = {
      feature: [] as number[],
      threshold: [] as number[],
      left: [] as number[],
      right: [] as number[],
      value: [] as number[],
    };
    const addNode = () => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      return tree.feature.length - 1;
    };
    const leafOf = (leafRows: Int32Array, hist: Float64Array[]): Leaf => {
      let g = 0;
      let h = 0;
      for (const i of leafRows) {
        g += grad[i] as number;
        h += hess[i] as number;
      }
      const leaf = { rows: leafRows, g, h, hist, node: addNode() };
      return { ...leaf, split: bestSplit(leaf) };
    };
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const leaves: Leaf[] = [leafOf(all, histogram(all))];
    while (leaves.length < maxLeaves) {
      let at = -1;
      leaves.forEach((leaf, k) => {
        if (leaf.split && (at < 0 || leaf.split.gain > (leaves[at]?.split?.gain ?? 0))) at = k;
      });
      if (at < 0) break;
      const leaf = leaves[at] as Leaf;
      const { feature, bin } = leaf.split as Split;
      const column = bins[feature] as Uint8Array;
      const goesLeft = Array.from(leaf.rows, (i) => (column[i] as number) <= bin);
      const leftRows = Int32Array.from(leaf.rows.filter((_, k) => goesLeft[k]));
      const rightRows = Int32Array.from(leaf.rows.filter((_, k) => !goesLeft[k]));
      // The smaller child's histogram is counted; the larger one's is the parent's less it.
      const smallIsLeft = leftRows.length <= rightRows.length;
      const small = histogram(smallIsLeft ? leftRows : rightRows);
      const large = leaf.hist.map((hist, f) => hist.map((v, k) => v - (small[f]?.[k] ?? 0)));
      tree.feature[leaf.node] = feature;
      tree.threshold[leaf.node] = points[feature]?.[bin] as number;
      const left = leafOf(leftRows, smallIsLeft ? small : large);
      const right = leafOf(rightRows, smallIsLeft ? large : small);
      tree.left[leaf.node] = left.node;
      tree.right[leaf.node] = right.node;
      leaves.splice(at, 1, left, right);
    }
    for (const leaf of leaves) {
      const value = (-learningRate * leaf.g) / (leaf.h + l2);
      tree.value[leaf.node] = value;
      for (const i of leaf.rows) raw[i] = (raw[i] as number) + value;
    }
    trees.push(tree);
  }
  return { bias, trees };
}
