import type { EffectiveSampling } from '../../../electron/common/schemas/generation';
import { seededRandom } from '../../random/seededRandom';
import { argmaxLastRow, lastRowLogits, type LogitsTensor } from './logitsRow';

/** What the decode loop carries from step to step to choose tokens. */
export interface SamplingState {
  readonly settings: EffectiveSampling;
  /** Every id of the prompt and of what was generated so far: the repetition penalty's set. */
  readonly seen: Set<number>;
  /** Uniform in [0, 1), seeded: the same seed gives the same text. */
  readonly random: () => number;
}

export function createSamplingState(
  settings: EffectiveSampling,
  promptIds: readonly number[],
): SamplingState {
  return { settings, seen: new Set(promptIds), random: seededRandom(settings.seed ?? 0) };
}

/**
 * transformers' RepetitionPenaltyLogitsProcessor (CTRL, arXiv 1909.05858):
 * the logit of every token already in the sequence, prompt included, is
 * divided by the penalty when positive and multiplied when negative.
 */
export function applyRepetitionPenalty(
  row: Float64Array,
  seen: ReadonlySet<number>,
  penalty: number,
): void {
  if (penalty === 1) return;
  for (const id of seen) {
    const v = row[id];
    if (v === undefined) continue;
    row[id] = v < 0 ? v * penalty : v / penalty;
  }
}

/** The k-th largest value (k ≥ 1), by quickselect on a copy. */
function kthLargest(values: Float64Array, k: number): number {
  const a = Float64Array.from(values);
  const target = k - 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) > pivot) i++;
      while ((a[j] as number) < pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target] as number;
}

/** Softmax in place over finite scores; -Infinity becomes probability 0. */
function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const v of scores) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const e = Math.exp((scores[i] as number) - max);
    scores[i] = e;
    sum += e;
  }
  for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] as number) / sum;
}

/**
 * transformers' TopPLogitsWarper: keep the smallest set of most probable
 * tokens whose mass reaches p (a token stays when the mass ranked above it is
 * below p, so the most probable one always stays). Only tokens above a
 * falling threshold are sorted: a vocabulary of 150k is rarely needed whole.
 */
function topPInPlace(probs: Float64Array, p: number): void {
  let threshold = 1 / probs.length;
  for (;;) {
    const candidates: number[] = [];
    for (let i = 0; i < probs.length; i++)
      if ((probs[i] as number) > 0 && (probs[i] as number) >= threshold) candidates.push(i);
    candidates.sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
    let mass = 0;
    let keep = -1;
    for (let j = 0; j < candidates.length; j++) {
      if (mass >= p) {
        keep = j;
        break;
      }
      mass += probs[candidates[j] as number] as number;
    }
    if (keep >= 0 || threshold === 0) {
      if (keep < 0) return;
      const kept = new Set(candidates.slice(0, keep));
      for (let i = 0; i < probs.length; i++) if (!kept.has(i)) probs[i] = 0;
      return;
    }
    threshold = threshold > 1e-30 ? threshold / 1024 : 0;
  }
}

/**
 * The distribution a sampling step draws from, in the order of transformers'
 * generate(): repetition penalty, temperature, top-k (ties with the k-th
 * kept), top-p, then the softmax renormalised over what is left.
 */
export function samplingDistribution(
  logits: Float64Array,
  settings: Pick<EffectiveSampling, 'temperature' | 'topK' | 'topP' | 'repetitionPenalty'>,
  seen: ReadonlySet<number>,
): Float64Array {
  const scores = Float64Array.from(logits, (v) => (Number.isNaN(v) ? -Infinity : v));
  applyRepetitionPenalty(scores, seen, settings.repetitionPenalty);
  const t = settings.temperature;
  for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] as number) / t;
  if (settings.topK > 0 && settings.topK < scores.length) {
    const kth = kthLargest(scores, settings.topK);
    for (let i = 0; i < scores.length; i++) if ((scores[i] as number) < kth) scores[i] = -Infinity;
  }
  softmaxInPlace(scores);
  if (settings.topP < 1) {
    topPInPlace(scores, settings.topP);
    let sum = 0;
    for (const v of scores) sum += v;
    for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] as number) / sum;
  }
  return scores;
}

/** The token a uniform draw u ∈ [0, 1) lands on in a distribution (inverse CDF). */
export function drawToken(probs: Float64Array, u: number): number {
  let last = 0;
  let cumulative = 0;
  for (let i = 0; i < probs.length; i++) {
    const q = probs[i] as number;
    if (q <= 0) continue;
    cumulative += q;
    last = i;
    if (u < cumulative) return i;
  }
  // Rounding left the sum a hair under 1: the last possible token.
  return last;
}

/** Index of the largest value; the first wins ties, as torch.argmax. */
function argmax(row: Float64Array): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < row.length; i++) {
    const v = row[i] as number;
    if (v > bestValue) [best, bestValue] = [i, v];
  }
  return best;
}

/**
 * The next token from the last row of the decoder's logits: greedy (argmax
 * after the repetition penalty) when the temperature is 0, else one seeded
 * draw from samplingDistribution. Adds the token to the state's seen ids.
 */
export function chooseToken(logits: LogitsTensor, state: SamplingState): number {
  const { settings, seen } = state;
  const greedy = settings.decoding === 'greedy' || settings.temperature === 0;
  if (greedy && settings.repetitionPenalty === 1) {
    // Plain greedy search, exactly as before sampling existed: no copy of the row.
    const next = argmaxLastRow(logits);
    seen.add(next);
    return next;
  }
  const row = lastRowLogits(logits);
  let next: number;
  if (greedy) {
    applyRepetitionPenalty(row, seen, settings.repetitionPenalty);
    next = argmax(row);
  } else {
    next = drawToken(samplingDistribution(row, settings, seen), state.random());
  }
  seen.add(next);
  return next;
}

/** Plain argmax: what every decode did before sampling existed. */
export const GREEDY: EffectiveSampling = {
  decoding: 'greedy',
  temperature: 0,
  topP: 1,
  topK: 0,
  repetitionPenalty: 1,
};
