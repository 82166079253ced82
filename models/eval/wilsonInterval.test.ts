import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilsonInterval';

// Hand-computed with z = 1.96: centre = (p + z²/2n)/(1 + z²/n),
// half-width = z/(1 + z²/n) · sqrt(p(1−p)/n + z²/4n²).
describe('wilsonInterval', () => {
  it.each([
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [8, 10, 0.4902, 0.9433],
    [10, 10, 0.7225, 1],
    [1, 1, 0.2065, 1],
    [550, 2000, 0.2559, 0.295],
  ])('gives %i of %i as [%f, %f]', (k, n, low, high) => {
    const ci = wilsonInterval(k, n);
    expect(ci.low).toBeCloseTo(low, 3);
    expect(ci.high).toBeCloseTo(high, 3);
  });

  it('is the whole range when nothing was asked', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('rejects counts that are not a proportion', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/wilsonInterval/);
    expect(() => wilsonInterval(1.5, 4)).toThrow(/wilsonInterval/);
  });
});
