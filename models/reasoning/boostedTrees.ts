/**
 * One regression tree, its nodes in parallel arrays: node k splits on
 * `feature[k]` (x ≤ `threshold[k]` goes to `left[k]`, else `right[k]`), or is
 * a leaf (`feature[k]` = -1) worth `value[k]`. Node 0 is the root.
 */
export interface RegressionTree {
  feature: readonly number[];
  threshold: readonly number[];
  left: readonly number[];
  right: readonly number[];
  value: readonly number[];
}

/** Boosted trees for a binary label: the log-odds are `bias` plus every tree's leaf. */
export interface BoostedTrees {
  bias: number;
  trees: readonly RegressionTree[];
}

/** The leaf value a tree gives a feature vector. */
function leafValue(tree: RegressionTree, x: readonly number[]): number {
  let k = 0;
  for (let f = tree.feature[0] as number; f >= 0; f = tree.feature[k] as number)
    k = (
      (x[f] as number) <= (tree.threshold[k] as number) ? tree.left[k] : tree.right[k]
    ) as number;
  return tree.value[k] as number;
}

/** The probability the trees give a feature vector. */
export function treesProbability(model: BoostedTrees, x: readonly number[]): number {
  let z = model.bias;
  for (const tree of model.trees) z += leafValue(tree, x);
  return 1 / (1 + Math.exp(-z));
}
