import { describe, expect, it } from 'vitest';
import { largestSizeMm } from './largestSizeMm';

describe('largestSizeMm', () => {
  it('takes the largest dimension of the measurement written before the lesion word', () => {
    expect(largestSizeMm('Liver: a 2.2 x 3.1 cm observation.', /observation/)).toBe(31);
    expect(largestSizeMm('Spleen 11 cm. A 14 × 9 mm hepatic lesion.', /lesion/)).toBe(14);
  });

  it('falls back to the first measurement, and gives nothing when there is none', () => {
    expect(largestSizeMm('Measures 4.5 cm.', /cyst/)).toBe(45);
    expect(largestSizeMm('No measurement given.', /cyst/)).toBeUndefined();
  });
});
