import { describe, expect, it } from 'vitest';
import type { EffectiveSampling } from '../../../electron/common/schemas/generation';
import { seededRandom } from '../../random/seededRandom';
import { numberToF16Bits } from '../../tooling/safetensors/dtypes';
import {
  GREEDY,
  chooseToken,
  createSamplingState,
  drawToken,
  samplingDistribution,
} from './chooseToken';

/**
 * A reference written from transformers' logits processors (generation/logits_process.py),
 * step by step as they are written there, on plain arrays: RepetitionPenaltyLogitsProcessor
 * (gather/scatter over input_ids), TemperatureLogitsWarper, TopKLogitsWarper (scores below
 * the k-th largest removed), TopPLogitsWarper (ascending sort, cumulative softmax,
 * remove cumulative ≤ 1 − p, keep the last), then softmax.
 */
function reference(
  logits: readonly number[],
  s: Pick<EffectiveSampling, 'temperature' | 'topK' | 'topP' | 'repetitionPenalty'>,
  inputIds: readonly number[],
): number[] {
  const scores = [...logits];
  for (const id of inputIds) {
    const v = logits[id] as number;
    scores[id] = v < 0 ? v * s.repetitionPenalty : v / s.repetitionPenalty;
  }
  for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] as number) / s.temperature;
  if (s.topK > 0) {
    const k = Math.min(s.topK, scores.length);
    const kth = [...scores].sort((a, b) => b - a)[k - 1] as number;
    for (let i = 0; i < scores.length; i++) if ((scores[i] as number) < kth) scores[i] = -Infinity;
  }
  const softmax = (xs: number[]) => {
    const max = xs.reduce((a, b) => Math.max(a, b), -Infinity);
    const e = xs.map((x) => Math.exp(x - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  };
  if (s.topP < 1) {
    const order = scores
      .map((_, i) => i)
      .sort((a, b) => (scores[a] as number) - (scores[b] as number));
    const probs = softmax(scores);
    let cumulative = 0;
    order.forEach((id, j) => {
      cumulative += probs[id] as number;
      if (cumulative <= 1 - s.topP && j < order.length - 1) scores[id] = -Infinity;
    });
  }
  return softmax(scores);
}

/** Fixed logits: 32 distinct values in [-6, 6), seeded, so no two tie. */
const next = seededRandom(20);
const LOGITS = Array.from({ length: 32 }, () => Math.round((next() * 12 - 6) * 1000) / 1000);
const tensor = (values: readonly number[]) => ({
  dims: [1, 1, values.length],
  size: values.length,
  type: 'float32',
  data: Float32Array.from(values),
});
const settings = (partial: Partial<EffectiveSampling>): EffectiveSampling => ({
  decoding: 'sampling',
  temperature: 1,
  topP: 1,
  topK: 0,
  repetitionPenalty: 1,
  seed: 7,
  ...partial,
});
const support = (probs: ArrayLike<number>) =>
  Array.from(probs, (p, i) => (p > 0 ? i : -1)).filter((i) => i >= 0);

describe('the sampling distribution', () => {
  it.each([
    { temperature: 1 },
    { temperature: 0.35 },
    { temperature: 1.7, topK: 5 },
    { temperature: 0.8, topP: 0.9 },
    { temperature: 1.2, topK: 12, topP: 0.75 },
    { temperature: 0.7, repetitionPenalty: 1.3, topP: 0.95 },
    { temperature: 1, repetitionPenalty: 0.6, topK: 3 },
  ])('equals the reference processors for %o', (partial) => {
    const s = settings(partial);
    const seen = [3, 9, 9, 17, 30];
    const seenSet = new Set(seen);
    const ours = samplingDistribution(Float64Array.from(LOGITS), s, seenSet);
    const theirs = reference(LOGITS, s, seen);
    expect(support(ours)).toEqual(support(theirs));
    for (let i = 0; i < LOGITS.length; i++) expect(ours[i]).toBeCloseTo(theirs[i] as number, 12);
  });

  it('keeps exactly the k largest under top-k, and ties with the k-th', () => {
    const ranked = LOGITS.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
    const top4 = ranked
      .slice(0, 4)
      .map(([, i]) => i)
      .sort((a, b) => a - b);
    expect(
      support(samplingDistribution(Float64Array.from(LOGITS), settings({ topK: 4 }), new Set())),
    ).toEqual(top4);
    const tied = [1, 3, 2, 2, 0];
    expect(
      support(samplingDistribution(Float64Array.from(tied), settings({ topK: 2 }), new Set())),
    ).toEqual([1, 2, 3]);
  });

  it('agrees with the reference top-k on a large row full of ties', () => {
    const random = seededRandom(5);
    const logits = Array.from({ length: 5000 }, () => Math.round(random() * 80) / 10);
    for (const topK of [1, 137, 2500, 4999]) {
      const s = settings({ topK, temperature: 0.5 });
      expect(support(samplingDistribution(Float64Array.from(logits), s, new Set()))).toEqual(
        support(reference(logits, s, [])),
      );
    }
  });

  it('keeps the smallest most probable set that reaches p, and never less than one token', () => {
    // Probabilities 0.5, 0.3, 0.15, 0.05.
    const logits = [0.5, 0.3, 0.15, 0.05].map(Math.log);
    const kept = (p: number) =>
      support(samplingDistribution(Float64Array.from(logits), settings({ topP: p }), new Set()));
    expect(kept(0.5)).toEqual([0]);
    expect(kept(0.6)).toEqual([0, 1]);
    expect(kept(0.9)).toEqual([0, 1, 2]);
    expect(kept(0.96)).toEqual([0, 1, 2, 3]);
    expect(kept(1e-9)).toEqual([0]);
    const probs = samplingDistribution(
      Float64Array.from(logits),
      settings({ topP: 0.6 }),
      new Set(),
    );
    expect(probs[0]).toBeCloseTo(0.625, 12);
    expect(probs[1]).toBeCloseTo(0.375, 12);
  });

  it('reaches p over a whole vocabulary of small probabilities', () => {
    // One token holds half the mass and 150,000 share the rest: top-p 0.9 needs most of them.
    const vocab = 150_001;
    const logits = new Array<number>(vocab);
    for (let i = 0; i < vocab; i++)
      logits[i] = i === 0 ? Math.log(0.5) : Math.log(0.5 / 150_000) - i * 1e-6;
    const s = settings({ topP: 0.9 });
    const ours = support(samplingDistribution(Float64Array.from(logits), s, new Set()));
    const theirs = support(reference(logits, s, []));
    expect(ours.length).toBe(theirs.length);
    expect(ours.length).toBeGreaterThan(110_000);
  });

  it('divides positive and multiplies negative logits of seen tokens by the penalty', () => {
    const logits = [2, -2, 1, -1];
    const probs = samplingDistribution(
      Float64Array.from(logits),
      settings({ repetitionPenalty: 2 }),
      new Set([0, 1]),
    );
    const expected = reference(logits, settings({ repetitionPenalty: 2 }), [0, 1]);
    // Token 0 falls from 2 to 1 (ties token 2), token 1 from -2 to -4.
    expect(probs[0]).toBeCloseTo(probs[2] as number, 12);
    for (let i = 0; i < logits.length; i++) expect(probs[i]).toBeCloseTo(expected[i] as number, 12);
  });
});

describe('choosing a token', () => {
  it('is argmax at temperature 0 (the first of equal maxima), in float32 and float16', () => {
    const values = [0.5, 3.25, -1, 3.25, 2];
    const half = {
      dims: [1, 2, 5],
      size: 10,
      type: 'float16',
      data: Uint16Array.from([9, 9, 9, 9, 9, ...values], (v, i) => numberToF16Bits(i < 5 ? -v : v)),
    };
    expect(chooseToken(tensor(values), createSamplingState(GREEDY, []))).toBe(1);
    expect(chooseToken(half, createSamplingState(GREEDY, []))).toBe(1);
    // The penalty applies to greedy search too, as in transformers.
    const penalised = { ...GREEDY, repetitionPenalty: 2 };
    expect(chooseToken(tensor(values), createSamplingState(penalised, [1, 3]))).toBe(4);
  });

  it('gives the same tokens for the same seed and other tokens for another seed', () => {
    const run = (seed: number) => {
      const state = createSamplingState(settings({ seed, temperature: 1.5 }), []);
      return Array.from({ length: 40 }, () => chooseToken(tensor(LOGITS), state));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('draws each token as often as the reference probability says', () => {
    const s = settings({ temperature: 0.9, topK: 10, topP: 0.92, repetitionPenalty: 1.2 });
    const seen = [0, 5, 11];
    const probs = reference(LOGITS, s, seen);
    const draws = 40_000;
    const counts = new Array<number>(LOGITS.length).fill(0);
    // A fresh state per draw keeps the seen set fixed; one PRNG stream feeds them all.
    const random = seededRandom(99);
    for (let n = 0; n < draws; n++) {
      const state = { ...createSamplingState(s, seen), random };
      counts[chooseToken(tensor(LOGITS), state)]! += 1;
    }
    for (let i = 0; i < LOGITS.length; i++) {
      const p = probs[i] as number;
      if (p === 0) expect(counts[i]).toBe(0);
      // Five standard errors of a binomial proportion.
      else
        expect(Math.abs((counts[i] as number) / draws - p)).toBeLessThan(
          5 * Math.sqrt((p * (1 - p)) / draws) + 1e-9,
        );
    }
  });

  it('maps a uniform draw through the cumulative distribution', () => {
    const probs = Float64Array.from([0, 0.25, 0, 0.75]);
    expect(drawToken(probs, 0)).toBe(1);
    expect(drawToken(probs, 0.2499)).toBe(1);
    expect(drawToken(probs, 0.25)).toBe(3);
    expect(drawToken(probs, 0.999999)).toBe(3);
  });
});
