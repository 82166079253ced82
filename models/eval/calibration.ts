/** One question's answer confidence: the option letter → probability, and the correct letter. */
export interface ConfidenceSample {
  probabilities: Readonly<Record<string, number>>;
  label: string | null;
}

export interface CalibrationBin {
  /** The bin's confidence range [low, high); the last bin includes 1. */
  low: number;
  high: number;
  n: number;
  /** Mean top probability of the bin's questions, null when empty. */
  confidence: number | null;
  /** Share of the bin's questions whose most probable letter is correct, null when empty. */
  accuracy: number | null;
}

export interface Calibration {
  /** Questions with a confidence (answered with a letter the backend gave logits for). */
  n: number;
  /** Expected calibration error over BINS equal-width bins, 0..1; null when n = 0. */
  ece: number | null;
  bins: CalibrationBin[];
}

/** Equal-width confidence bins, as in Guo et al. 2017 ("On Calibration of Modern Neural Networks"). */
export const BINS = 10;

/** The most probable letter (the first on a tie) and its probability. */
function top(probabilities: Readonly<Record<string, number>>): [letter: string, p: number] {
  let best: [string, number] = ['', -1];
  for (const [letter, p] of Object.entries(probabilities)) if (p > best[1]) best = [letter, p];
  return best;
}

/**
 * Expected calibration error: the questions are put in BINS equal-width bins
 * by their top probability; ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|,
 * where accuracy is whether the top letter is the correct one.
 */
export function calibration(samples: readonly ConfidenceSample[]): Calibration {
  const sums = Array.from({ length: BINS }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const sample of samples) {
    const [letter, p] = top(sample.probabilities);
    const bin = sums[Math.min(BINS - 1, Math.floor(p * BINS))]!;
    bin.n++;
    bin.confidence += p;
    if (letter === sample.label) bin.correct++;
  }
  const n = samples.length;
  const bins = sums.map((s, i) => ({
    low: i / BINS,
    high: (i + 1) / BINS,
    n: s.n,
    confidence: s.n === 0 ? null : s.confidence / s.n,
    accuracy: s.n === 0 ? null : s.correct / s.n,
  }));
  const ece =
    n === 0
      ? null
      : bins.reduce(
          (sum, b) => sum + (b.n === 0 ? 0 : (b.n / n) * Math.abs(b.accuracy! - b.confidence!)),
          0,
        );
  return { n, ece, bins };
}
