import { seededStreamRandom } from './seededStreamRandom';

export interface LowRankFactors {
  /** [rows, rank] row-major: left singular vectors times singular values. */
  b: Float32Array;
  /** [rank, cols] row-major: right singular vectors. */
  a: Float32Array;
  rank: number;
  singularValues: Float64Array;
  /** ‖M − B·A‖_F / ‖M‖_F (0 for an all-zero M). */
  relativeError: number;
}

/** Y[c] = M · X[c] for each column vector X[c] of length cols. */
function multiply(m: Float32Array, rows: number, cols: number, xs: Float64Array[]): Float64Array[] {
  const ys = xs.map(() => new Float64Array(rows));
  for (let i = 0; i < rows; i++) {
    const row = m.subarray(i * cols, (i + 1) * cols);
    for (let c = 0; c < xs.length; c++) {
      const x = xs[c]!;
      let s = 0;
      for (let j = 0; j < cols; j++) s += row[j]! * x[j]!;
      ys[c]![i] = s;
    }
  }
  return ys;
}

/** Z[c] = Mᵀ · Q[c] for each column vector Q[c] of length rows. */
function multiplyTransposed(
  m: Float32Array,
  rows: number,
  cols: number,
  qs: Float64Array[],
): Float64Array[] {
  const zs = qs.map(() => new Float64Array(cols));
  for (let i = 0; i < rows; i++) {
    const row = m.subarray(i * cols, (i + 1) * cols);
    for (let c = 0; c < qs.length; c++) {
      const q = qs[c]![i]!;
      if (q === 0) continue;
      const z = zs[c]!;
      for (let j = 0; j < cols; j++) z[j]! += q * row[j]!;
    }
  }
  return zs;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Orthonormalises columns in place (Gram–Schmidt twice); dependent columns become zero. */
function orthonormalise(vs: Float64Array[]): void {
  for (let c = 0; c < vs.length; c++) {
    const v = vs[c]!;
    const before = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const q = vs[p]!;
        const proj = dot(v, q);
        for (let i = 0; i < v.length; i++) v[i]! -= proj * q[i]!;
      }
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm <= 1e-12 * Math.max(before, 1e-300) || norm === 0) v.fill(0);
    else for (let i = 0; i < v.length; i++) v[i]! /= norm;
  }
}

/**
 * Rank-`rank` approximation of the row-major matrix M [rows, cols] by
 * randomized SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4: Gaussian sketch,
 * power iterations, then an exact SVD of the small projected matrix, here by
 * one-sided Jacobi). The error is exact for the projection it returns:
 * ‖M − PM‖² = ‖M‖² − Σ σ².
 */
export function truncatedSvd(
  m: Float32Array,
  rows: number,
  cols: number,
  rank: number,
  { powerIterations = 2, oversample = 8, seed = 0 } = {},
): LowRankFactors {
  if (m.length !== rows * cols)
    throw new Error(`truncatedSvd: matrix has ${m.length} values, not ${rows}×${cols}`);
  if (!(Number.isInteger(rank) && rank >= 1))
    throw new Error(`truncatedSvd: rank must be a positive integer, got ${rank}`);
  const r = Math.min(rank, rows, cols);
  const l = Math.min(r + oversample, rows, cols);
  const random = seededStreamRandom(seed, 'truncatedSvd');
  const uniform = () => (random() + 0.5) / 2 ** 32;
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const omega = Array.from({ length: l }, () => Float64Array.from({ length: cols }, gaussian));

  let q = multiply(m, rows, cols, omega);
  orthonormalise(q);
  for (let it = 0; it < powerIterations; it++) {
    const z = multiplyTransposed(m, rows, cols, q);
    orthonormalise(z);
    q = multiply(m, rows, cols, z);
    orthonormalise(q);
  }
  // X = Mᵀ Q = (Qᵀ M)ᵀ, cols × l. One-sided Jacobi: X·V has orthogonal columns.
  const x = multiplyTransposed(m, rows, cols, q);
  const v = Array.from({ length: l }, (_, i) => {
    const col = new Float64Array(l);
    col[i] = 1;
    return col;
  });
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < l - 1; i++) {
      for (let j = i + 1; j < l; j++) {
        const xi = x[i]!;
        const xj = x[j]!;
        const alpha = dot(xi, xi);
        const beta = dot(xj, xj);
        const gamma = dot(xi, xj);
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const cols2 of [x, v]) {
          const p = cols2[i]!;
          const w = cols2[j]!;
          for (let k = 0; k < p.length; k++) {
            const pk = p[k]!;
            const wk = w[k]!;
            p[k] = c * pk - s * wk;
            w[k] = s * pk + c * wk;
          }
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = x.map((col) => Math.sqrt(dot(col, col)));
  const order = sigma.map((_, i) => i).sort((p, w) => sigma[w]! - sigma[p]!);
  const keep = order.slice(0, r);

  // M ≈ Q·V·Σ·Uᵀ with U = X/σ: B = Q·V[:, keep]·Σ, A = U[:, keep]ᵀ.
  const b = new Float32Array(rows * r);
  const a = new Float32Array(r * cols);
  const singularValues = new Float64Array(r);
  keep.forEach((idx, k) => {
    const s = sigma[idx]!;
    singularValues[k] = s;
    const vCol = v[idx]!;
    for (let i = 0; i < rows; i++) {
      let acc = 0;
      for (let c = 0; c < l; c++) acc += q[c]![i]! * vCol[c]!;
      b[i * r + k] = acc * s;
    }
    if (s > 0) {
      const u = x[idx]!;
      for (let j = 0; j < cols; j++) a[k * cols + j] = u[j]! / s;
    }
  });
  let total = 0;
  for (let i = 0; i < m.length; i++) total += m[i]! * m[i]!;
  let captured = 0;
  for (const s of singularValues) captured += s * s;
  const relativeError = total === 0 ? 0 : Math.sqrt(Math.max(0, total - captured) / total);
  return { b, a, rank: r, singularValues, relativeError };
}
