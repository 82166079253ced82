import { describe, expect, it } from 'vitest';
import { CT_PRESETS, autoWindow, presetsFor } from './windowPresets';

describe('windowPresets', () => {
  it('offers the six HU presets for CT only', () => {
    expect(presetsFor('CT').map((p) => p.id)).toEqual([
      'lung',
      'mediastinum',
      'abdomen',
      'liver',
      'bone',
      'brain',
    ]);
    expect(presetsFor('ct')).toBe(CT_PRESETS);
    expect(presetsFor('MR')).toEqual([]);
    expect(presetsFor(undefined)).toEqual([]);
    expect(new Set(CT_PRESETS.map((p) => p.key)).size).toBe(CT_PRESETS.length);
  });

  it('sets the automatic window on the 1st to 99th percentile in modality units, ignoring outliers', () => {
    const pixels = Array.from({ length: 1000 }, (_, i) => i % 100);
    pixels[0] = 30000;
    pixels[1] = -30000;
    const w = autoWindow(pixels, 2, -100);
    // Sorted: -30000, nine 0s, nine 1s, … → 1st percentile (index 10) is 1, 99th (index 990) is 99;
    // in modality units 1·2−100 = −98 … 99·2−100 = 98.
    expect(w.center).toBeCloseTo(0, 5);
    expect(w.width).toBeCloseTo(196, 5);
    expect(autoWindow([5, 5, 5]).width).toBe(1);
  });
});
