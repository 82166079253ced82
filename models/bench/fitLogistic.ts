/** A logistic regression fitted on standardised features (see fitLogistic). */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/**
 * L2-regularised logistic regression by Newton's method (iteratively
 * reweighted least squares; Hastie, Tibshirani & Friedman, "The Elements of
 * Statistical Learning", 2nd ed., section 4.4.1). Features are standardised
 * first so one penalty fits all; the bias is not penalised. Deterministic:
 * the same rows give the same model.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  {
    l2 = 1,
    iterations = 50,
    tolerance = 1e-10,
  }: { l2?: number; iterations?: number; tolerance?: number } = {},
): LogisticModel {
  if (rows.length === 0 || rows.length !== labels.length)
    throw new Error(
      `fitLogistic: need as many labels as rows, got ${rows.length} rows and ${labels.length} labels`,
    );
  const d = (rows[0] as readonly number[]).length;
  const n = rows.length;
  const mean = Array.from(
    { length: d },
    (_, k) => rows.reduce((s, r) => s + (r[k] as number), 0) / n,
  );
  const scale = mean.map((m, k) => {
    const v = rows.reduce((s, r) => s + ((r[k] as number) - m) ** 2, 0) / n;
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  const X = rows.map((r) => [
    1,
    ...r.map((x, k) => (x - (mean[k] as number)) / (scale[k] as number)),
  ]);
  const beta = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    const g = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const x = X[i] as number[];
      let z = 0;
      for (let k = 0; k <= d; k++) z += (beta[k] as number) * (x[k] as number);
      const p = 1 / (1 + Math.exp(-z));
      const w = Math.max(p * (1 - p), 1e-9);
      const r = (labels[i] as number) - p;
      for (let a = 0; a <= d; a++) {
        g[a] = (g[a] as number) + r * (x[a] as number);
        const Ha = H[a] as number[];
        for (let b = a; b <= d; b++)
          Ha[b] = (Ha[b] as number) + w * (x[a] as number) * (x[b] as number);
      }
    }
    for (let a = 0; a <= d; a++) {
      const Ha = H[a] as number[];
      for (let b = 0; b < a; b++) Ha[b] = (H[b] as number[])[a] as number;
      if (a > 0) {
        Ha[a] = (Ha[a] as number) + l2;
        g[a] = (g[a] as number) - l2 * (beta[a] as number);
      }
    }
    const step = solve(H, g);
    let change = 0;
    for (let k = 0; k <= d; k++) {
      beta[k] = (beta[k] as number) + (step[k] as number);
      change = Math.max(change, Math.abs(step[k] as number));
    }
    if (change < tolerance) break;
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0] as number };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((M[r] as number[])[c] as number) > Math.abs((M[pivot] as number[])[c] as number))
        pivot = r;
    [M[c], M[pivot]] = [M[pivot] as number[], M[c] as number[]];
    const P = M[c] as number[];
    const diag = P[c] as number;
    if (Math.abs(diag) < 1e-15) throw new Error('fitLogistic: singular system (add L2 penalty)');
    for (let r = c + 1; r < n; r++) {
      const R = M[r] as number[];
      const f = (R[c] as number) / diag;
      if (f !== 0) for (let k = c; k <= n; k++) R[k] = (R[k] as number) - f * (P[k] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const R = M[r] as number[];
    let s = R[n] as number;
    for (let k = r + 1; k < n; k++) s -= (R[k] as number) * (x[k] as number);
    x[r] = s / (R[r] as number);
  }
  return x;
}
