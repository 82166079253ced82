import { describe, expect, it } from 'vitest';
import { calibration } from './calibration';

describe('calibration', () => {
  it('computes the expected calibration error over 10 equal-width bins by hand', () => {
    const c = calibration([
      { probabilities: { A: 0.95, B: 0.05 }, label: 'A' },
      { probabilities: { A: 0.9, B: 0.1 }, label: 'B' },
      { probabilities: { A: 0.3, B: 0.7 }, label: 'B' },
      { probabilities: { A: 0.55, B: 0.45 }, label: 'A' },
      { probabilities: { A: 1, B: 0 }, label: 'A' },
    ]);
    // Bin 0.9–1: 3 questions, confidence 0.95, accuracy 2/3 → 3/5 · 0.28333 = 0.17;
    // bin 0.7–0.8: 1/5 · 0.3 = 0.06; bin 0.5–0.6: 1/5 · 0.45 = 0.09.
    expect(c.n).toBe(5);
    expect(c.ece).toBeCloseTo(0.32, 12);
    expect(c.bins).toHaveLength(10);
    expect(c.bins[9]).toMatchObject({ n: 3, low: 0.9, high: 1 });
    expect(c.bins[9]!.confidence).toBeCloseTo(0.95, 12);
    expect(c.bins[9]!.accuracy).toBeCloseTo(2 / 3, 12);
    expect(c.bins[7]).toMatchObject({ n: 1, accuracy: 1 });
    expect(c.bins[5]).toMatchObject({ n: 1, accuracy: 1, confidence: 0.55 });
    expect(c.bins.filter((b) => b.n === 0).every((b) => b.accuracy === null)).toBe(true);
  });

  it('is 0 for answers exactly as often right as they are confident', () => {
    const samples = [0, 1, 2, 3].map((i) => ({
      probabilities: { A: 0.75, B: 0.25 },
      label: i < 3 ? 'A' : 'B',
    }));
    expect(calibration(samples).ece).toBeCloseTo(0, 12);
  });

  it('has no ECE without samples', () => {
    expect(calibration([])).toMatchObject({ n: 0, ece: null });
  });
});
