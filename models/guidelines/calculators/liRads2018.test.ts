import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { liRads2018, type LiRadsInput } from './liRads2018';

const obs = (over: Partial<LiRadsInput>): LiRadsInput => ({
  aphe: true,
  sizeMm: 15,
  washout: false,
  capsule: false,
  thresholdGrowth: false,
  ...over,
});

// Every cell of the v2018 CT/MRI diagnostic table (restated), at the size boundaries 10 and 20 mm.
const CASES: [string, LiRadsInput, string][] = [
  ['no APHE, 15 mm, no feature', obs({ aphe: false }), 'LR-3'],
  ['no APHE, 15 mm, washout only', obs({ aphe: false, washout: true }), 'LR-3'],
  ['no APHE, 15 mm, washout + capsule', obs({ aphe: false, washout: true, capsule: true }), 'LR-4'],
  ['no APHE, exactly 20 mm, no feature', obs({ aphe: false, sizeMm: 20 }), 'LR-3'],
  ['no APHE, exactly 20 mm, capsule only', obs({ aphe: false, sizeMm: 20, capsule: true }), 'LR-4'],
  [
    'no APHE, 30 mm, all three',
    obs({ aphe: false, sizeMm: 30, washout: true, capsule: true, thresholdGrowth: true }),
    'LR-4',
  ],
  ['APHE, 8 mm, no feature', obs({ sizeMm: 8 }), 'LR-3'],
  ['APHE, 8 mm, washout', obs({ sizeMm: 8, washout: true }), 'LR-4'],
  ['APHE, 9.9 mm, washout + capsule', obs({ sizeMm: 9.9, washout: true, capsule: true }), 'LR-4'],
  ['APHE, exactly 10 mm, no feature', obs({ sizeMm: 10 }), 'LR-3'],
  ['APHE, exactly 10 mm, washout', obs({ sizeMm: 10, washout: true }), 'LR-5'],
  ['APHE, 15 mm, capsule only', obs({ capsule: true }), 'LR-4'],
  ['APHE, 15 mm, threshold growth only', obs({ thresholdGrowth: true }), 'LR-5'],
  ['APHE, 19 mm, capsule + washout', obs({ sizeMm: 19, capsule: true, washout: true }), 'LR-5'],
  ['APHE, exactly 20 mm, no feature', obs({ sizeMm: 20 }), 'LR-4'],
  ['APHE, exactly 20 mm, capsule only', obs({ sizeMm: 20, capsule: true }), 'LR-5'],
  ['APHE, 35 mm, washout', obs({ sizeMm: 35, washout: true }), 'LR-5'],
  [
    'APHE, 35 mm, all three',
    obs({ sizeMm: 35, washout: true, capsule: true, thresholdGrowth: true }),
    'LR-5',
  ],
  [
    'no APHE, 5 mm, threshold growth + washout',
    obs({ aphe: false, sizeMm: 5, thresholdGrowth: true, washout: true }),
    'LR-4',
  ],
  ['no APHE, 5 mm, capsule only', obs({ aphe: false, sizeMm: 5, capsule: true }), 'LR-3'],
];

describe('liRads2018', () => {
  it.each(CASES)('%s → %s', (_name, input, category) => {
    expect(liRads2018(input).category).toBe(category);
  });

  it('counts the additional major features and refuses a size that is not positive', () => {
    expect(liRads2018(obs({ washout: true, capsule: true })).additionalFeatures).toBe(2);
    expect(() => liRads2018(obs({ sizeMm: 0 }))).toThrow(/positive/);
  });

  it('names passages that exist in the bundled li-rads-2018 guideline', () => {
    const guideline = loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .find((g) => g.id === 'li-rads-2018');
    const ids = new Set(guideline?.passages.map((p) => p.id));
    for (const [, input] of CASES) expect(ids).toContain(liRads2018(input).passage);
  });
});
