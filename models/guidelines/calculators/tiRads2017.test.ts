import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { tiRads2017, tiRadsLevel, type TiRadsInput } from './tiRads2017';

const nodule = (over: Partial<TiRadsInput>): TiRadsInput => ({
  composition: 'solid',
  echogenicity: 'hypoechoic',
  shape: 'wider-than-tall',
  margin: 'smooth',
  foci: ['none'],
  sizeMm: 10,
  ...over,
});

// Worked examples restated from the ACR TI-RADS white paper's categories,
// with the size boundaries 1.0 / 1.5 / 2.5 cm for FNA and 0.5 / 1.0 / 1.5 cm for follow-up.
const CASES: [string, TiRadsInput, number, string, 'fna' | 'follow-up' | 'none'][] = [
  [
    'pure anechoic cyst',
    nodule({ composition: 'cystic', echogenicity: 'anechoic', sizeMm: 30 }),
    0,
    'TR1',
    'none',
  ],
  [
    'spongiform nodule (no further points)',
    nodule({
      composition: 'spongiform',
      echogenicity: 'isoechoic',
      margin: 'lobulated',
      sizeMm: 40,
    }),
    0,
    'TR1',
    'none',
  ],
  [
    'mixed with anechoic parts: 1 point',
    nodule({ composition: 'mixed', echogenicity: 'anechoic', sizeMm: 30 }),
    1,
    'TR1',
    'none',
  ],
  [
    'mixed isoechoic: 2 points',
    nodule({ composition: 'mixed', echogenicity: 'isoechoic', sizeMm: 30 }),
    2,
    'TR2',
    'none',
  ],
  [
    'solid isoechoic: TR3 at 2.5 cm → FNA',
    nodule({ echogenicity: 'isoechoic', sizeMm: 25 }),
    3,
    'TR3',
    'fna',
  ],
  [
    'solid isoechoic: TR3 at 2.4 cm → follow-up',
    nodule({ echogenicity: 'isoechoic', sizeMm: 24 }),
    3,
    'TR3',
    'follow-up',
  ],
  [
    'solid isoechoic: TR3 at 1.5 cm → follow-up',
    nodule({ echogenicity: 'isoechoic', sizeMm: 15 }),
    3,
    'TR3',
    'follow-up',
  ],
  [
    'solid isoechoic: TR3 at 1.4 cm → nothing',
    nodule({ echogenicity: 'isoechoic', sizeMm: 14 }),
    3,
    'TR3',
    'none',
  ],
  ['solid hypoechoic: TR4 at 1.5 cm → FNA', nodule({ sizeMm: 15 }), 4, 'TR4', 'fna'],
  ['solid hypoechoic: TR4 at 1.4 cm → follow-up', nodule({ sizeMm: 14 }), 4, 'TR4', 'follow-up'],
  ['solid hypoechoic: TR4 at 1.0 cm → follow-up', nodule({ sizeMm: 10 }), 4, 'TR4', 'follow-up'],
  ['solid hypoechoic: TR4 at 0.9 cm → nothing', nodule({ sizeMm: 9 }), 4, 'TR4', 'none'],
  [
    'hypoechoic with macrocalcification: 5 points',
    nodule({ foci: ['macro'], sizeMm: 16 }),
    5,
    'TR4',
    'fna',
  ],
  [
    'hypoechoic lobulated: 6 points',
    nodule({ margin: 'lobulated', sizeMm: 12 }),
    6,
    'TR4',
    'follow-up',
  ],
  [
    'very hypoechoic, irregular: 7 points → TR5',
    nodule({ echogenicity: 'very-hypoechoic', margin: 'irregular', sizeMm: 10 }),
    7,
    'TR5',
    'fna',
  ],
  [
    'TR5 at 0.9 cm → follow-up',
    nodule({ echogenicity: 'very-hypoechoic', margin: 'irregular', sizeMm: 9 }),
    7,
    'TR5',
    'follow-up',
  ],
  [
    'TR5 at 0.5 cm → follow-up',
    nodule({ echogenicity: 'very-hypoechoic', margin: 'irregular', sizeMm: 5 }),
    7,
    'TR5',
    'follow-up',
  ],
  [
    'TR5 at 0.4 cm → nothing',
    nodule({ echogenicity: 'very-hypoechoic', margin: 'irregular', sizeMm: 4 }),
    7,
    'TR5',
    'none',
  ],
  [
    'taller-than-wide hypoechoic with punctate foci: 10 points',
    nodule({ shape: 'taller-than-wide', foci: ['punctate'], sizeMm: 8 }),
    10,
    'TR5',
    'follow-up',
  ],
  [
    'foci add up: rim + punctate',
    nodule({ foci: ['rim', 'punctate'], sizeMm: 12 }),
    9,
    'TR5',
    'fna',
  ],
  [
    'extrathyroidal extension: 3 points',
    nodule({ margin: 'extrathyroidal', sizeMm: 20 }),
    7,
    'TR5',
    'fna',
  ],
  [
    'large comet-tail artefacts add nothing',
    nodule({ composition: 'mixed', echogenicity: 'hyperechoic', foci: ['comet-tail'], sizeMm: 30 }),
    2,
    'TR2',
    'none',
  ],
];

describe('tiRads2017', () => {
  it.each(CASES)('%s', (_name, input, points, level, action) => {
    const result = tiRads2017(input);
    expect(result).toMatchObject({ guideline: 'acr-ti-rads-2017', points, level, action });
  });

  it('maps point totals to levels at every boundary', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 12].map(tiRadsLevel)).toEqual([
      'TR1',
      'TR1',
      'TR2',
      'TR3',
      'TR4',
      'TR4',
      'TR5',
      'TR5',
    ]);
  });

  it('refuses a missing foci list and a size that is not positive', () => {
    expect(() => tiRads2017(nodule({ foci: [] }))).toThrow(/echogenic foci/);
    expect(() => tiRads2017(nodule({ sizeMm: -1 }))).toThrow(/positive/);
  });

  it('names passages that exist in the bundled acr-ti-rads-2017 guideline', () => {
    const guideline = loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .find((g) => g.id === 'acr-ti-rads-2017');
    const ids = new Set(guideline?.passages.map((p) => p.id));
    for (const [, input] of CASES) expect(ids).toContain(tiRads2017(input).passage);
  });
});
