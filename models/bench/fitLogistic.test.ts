import { describe, expect, it } from 'vitest';
import { fitLogistic, type LogisticModel } from './fitLogistic';

// A seeded linear congruential generator (Numerical Recipes constants), so the data repeat.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const probability = (m: LogisticModel, row: readonly number[]) => {
  let z = m.bias;
  row.forEach(
    (x, k) =>
      (z += (m.weights[k] as number) * ((x - (m.mean[k] as number)) / (m.scale[k] as number))),
  );
  return 1 / (1 + Math.exp(-z));
};

describe('fitLogistic', () => {
  it('recovers the coefficients of data drawn from a known logistic model', () => {
    const next = random(7);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = [next() * 4 - 2, next() * 4 - 2];
      const p = 1 / (1 + Math.exp(-(0.5 + 1.5 * x[0]! - 2 * x[1]!)));
      rows.push(x);
      labels.push(next() < p ? 1 : 0);
    }
    const m = fitLogistic(rows, labels, { l2: 0 });
    // Back from standardised to raw units: w_raw = w / scale, b_raw = b - sum(w_raw * mean).
    const raw = m.weights.map((w, k) => w / (m.scale[k] as number));
    const bias = m.bias - raw.reduce((s, w, k) => s + w * (m.mean[k] as number), 0);
    expect(raw[0]).toBeCloseTo(1.5, 1);
    expect(raw[1]).toBeCloseTo(-2, 1);
    expect(bias).toBeCloseTo(0.5, 1);
  });

  it('stops where the gradient of the penalised log-likelihood is zero', () => {
    const next = random(3);
    const rows = Array.from({ length: 300 }, () => [next(), next() * 10, next() > 0.5 ? 1 : 0]);
    const labels = rows.map((r) => (next() < 0.2 + 0.5 * r[0]! ? 1 : 0));
    const l2 = 2;
    const m = fitLogistic(rows, labels, { l2 });
    const gradient = [0, 0, 0, 0];
    rows.forEach((r, i) => {
      const residual = labels[i]! - probability(m, r);
      gradient[0]! += residual;
      r.forEach((x, k) => (gradient[k + 1]! += residual * ((x - m.mean[k]!) / m.scale[k]!)));
    });
    expect(Math.abs(gradient[0]!)).toBeLessThan(1e-6);
    m.weights.forEach((w, k) => expect(Math.abs(gradient[k + 1]! - l2 * w)).toBeLessThan(1e-6));
  });

  it('gives the same model for the same rows', () => {
    const rows = [[0], [1], [2], [3], [4], [5]];
    const labels = [0, 0, 1, 0, 1, 1];
    expect(fitLogistic(rows, labels)).toEqual(fitLogistic(rows, labels));
  });

  it('keeps a constant feature out of the fit instead of dividing by zero', () => {
    const m = fitLogistic(
      [
        [1, 5],
        [2, 5],
        [3, 5],
        [4, 5],
      ],
      [0, 1, 0, 1],
    );
    expect(m.scale[1]).toBe(1);
    expect(m.weights[1]).toBeCloseTo(0, 12);
  });

  it('refuses rows and labels of different lengths', () => {
    expect(() => fitLogistic([[1], [2]], [1])).toThrow(/as many labels as rows/);
  });
});
