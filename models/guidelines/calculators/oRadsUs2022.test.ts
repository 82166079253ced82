import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { oRadsUs2022, type ORadsCategory, type ORadsInput } from './oRadsUs2022';

// The O-RADS US v2022 lexicon categories restated, with the 3 cm and 10 cm
// boundaries, 1–3 vs 4 papillary projections and each colour-score split.
const CASES: [string, ORadsInput, ORadsCategory][] = [
  ['technically limited study', { incomplete: true, lesion: 'solid' }, '0'],
  ['normal ovary', { lesion: 'normal' }, '1'],
  [
    'premenopausal 3 cm simple cyst (follicle)',
    { lesion: 'simple-cyst', sizeCm: 3, menopause: 'pre' },
    '1',
  ],
  [
    'premenopausal 3.1 cm simple cyst',
    { lesion: 'simple-cyst', sizeCm: 3.1, menopause: 'pre' },
    '2',
  ],
  ['postmenopausal 2 cm simple cyst', { lesion: 'simple-cyst', sizeCm: 2, menopause: 'post' }, '2'],
  ['simple cyst 9.9 cm', { lesion: 'simple-cyst', sizeCm: 9.9 }, '2'],
  ['simple cyst 10 cm', { lesion: 'simple-cyst', sizeCm: 10 }, '3'],
  [
    'premenopausal 2.5 cm corpus luteum',
    { lesion: 'corpus-luteum', sizeCm: 2.5, menopause: 'pre' },
    '1',
  ],
  [
    'smooth non-simple unilocular 6 cm',
    { lesion: 'unilocular', sizeCm: 6, innerWall: 'smooth' },
    '2',
  ],
  [
    'smooth non-simple unilocular 10 cm',
    { lesion: 'unilocular', sizeCm: 10, innerWall: 'smooth' },
    '3',
  ],
  [
    'smooth bilocular 9 cm',
    { lesion: 'bilocular', sizeCm: 9, innerWall: 'smooth', solidComponent: false },
    '2',
  ],
  [
    'smooth bilocular 10 cm',
    { lesion: 'bilocular', sizeCm: 10, innerWall: 'smooth', solidComponent: false },
    '3',
  ],
  ['typical dermoid 9.9 cm', { lesion: 'dermoid', sizeCm: 9.9 }, '2'],
  ['endometrioma 10 cm', { lesion: 'endometrioma', sizeCm: 10 }, '3'],
  ['haemorrhagic cyst 4 cm', { lesion: 'hemorrhagic', sizeCm: 4 }, '2'],
  ['hydrosalpinx', { lesion: 'hydrosalpinx' }, '2'],
  [
    'unilocular with an irregular inner wall',
    { lesion: 'unilocular', sizeCm: 4, innerWall: 'irregular' },
    '3',
  ],
  [
    'unilocular with 1 papillary projection',
    { lesion: 'unilocular', sizeCm: 4, papillary: 1 },
    '4',
  ],
  [
    'unilocular with 3 papillary projections',
    { lesion: 'unilocular', sizeCm: 4, papillary: 3 },
    '4',
  ],
  [
    'unilocular with 4 papillary projections',
    { lesion: 'unilocular', sizeCm: 4, papillary: 4 },
    '5',
  ],
  [
    'smooth multilocular 9.9 cm, colour score 3',
    {
      lesion: 'multilocular',
      sizeCm: 9.9,
      innerWall: 'smooth',
      solidComponent: false,
      colorScore: 3,
    },
    '3',
  ],
  [
    'smooth multilocular 10 cm, colour score 1',
    {
      lesion: 'multilocular',
      sizeCm: 10,
      innerWall: 'smooth',
      solidComponent: false,
      colorScore: 1,
    },
    '4',
  ],
  [
    'smooth multilocular 5 cm, colour score 4',
    {
      lesion: 'multilocular',
      sizeCm: 5,
      innerWall: 'smooth',
      solidComponent: false,
      colorScore: 4,
    },
    '4',
  ],
  [
    'multilocular with irregular septation',
    { lesion: 'multilocular', sizeCm: 5, innerWall: 'irregular', solidComponent: false },
    '4',
  ],
  [
    'multilocular with a solid component, colour score 2',
    { lesion: 'multilocular', solidComponent: true, colorScore: 2 },
    '4',
  ],
  [
    'bilocular with a solid component, colour score 3',
    { lesion: 'bilocular', solidComponent: true, colorScore: 3 },
    '5',
  ],
  ['smooth solid, colour score 1', { lesion: 'solid', outerContour: 'smooth', colorScore: 1 }, '3'],
  [
    'smooth shadowing solid, colour score 3',
    { lesion: 'solid', outerContour: 'smooth', colorScore: 3, shadowing: true },
    '3',
  ],
  [
    'smooth solid without shadowing, colour score 2',
    { lesion: 'solid', outerContour: 'smooth', colorScore: 2, shadowing: false },
    '4',
  ],
  [
    'smooth solid, colour score 4',
    { lesion: 'solid', outerContour: 'smooth', colorScore: 4, shadowing: true },
    '5',
  ],
  ['irregular solid', { lesion: 'solid', outerContour: 'irregular' }, '5'],
  ['simple cyst with ascites', { lesion: 'simple-cyst', sizeCm: 4, ascites: true }, '5'],
];

describe('oRadsUs2022', () => {
  it.each(CASES)('%s', (_name, input, category) => {
    const result = oRadsUs2022(input);
    expect(result.category).toBe(category);
    expect(result.recommendation).toMatch(new RegExp(`^O-RADS ${category}, `));
  });

  it('gives the risk band and management of each category', () => {
    expect(oRadsUs2022({ lesion: 'solid', outerContour: 'irregular' }).management).toMatch(
      /gynaecological oncologist/,
    );
    expect(oRadsUs2022({ lesion: 'unilocular', sizeCm: 4, papillary: 2 }).risk).toMatch(
      /10 to under 50/,
    );
    expect(oRadsUs2022({ incomplete: true }).management).toMatch(/repeat ultrasound or MRI/);
  });

  it.each([
    [{}, /lesion type/],
    [{ lesion: 'simple-cyst' }, /--size-cm/],
    [{ lesion: 'simple-cyst', sizeCm: 2 }, /menopausal status/],
    [{ lesion: 'simple-cyst', sizeCm: 0 }, /positive/],
    [{ lesion: 'corpus-luteum', sizeCm: 4, menopause: 'pre' }, /corpus luteum/],
    [{ lesion: 'unilocular', sizeCm: 4 }, /inner wall/],
    [{ lesion: 'unilocular', sizeCm: 4, papillary: -1 }, /whole number/],
    [{ lesion: 'multilocular', sizeCm: 4 }, /solid component/],
    [{ lesion: 'multilocular', solidComponent: true }, /colour score/],
    [{ lesion: 'solid', outerContour: 'smooth', colorScore: 2 }, /shadows/],
    [{ lesion: 'solid' }, /outer contour/],
    [
      { lesion: 'bilocular', sizeCm: 4, innerWall: 'irregular', solidComponent: false },
      /not covered/,
    ],
  ] satisfies [ORadsInput, RegExp][])('refuses incomplete input %#', (input, message) => {
    expect(() => oRadsUs2022(input)).toThrow(message);
  });

  it('names passages that exist in the bundled o-rads-us-2022 guideline', () => {
    const guideline = loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .find((g) => g.id === 'o-rads-us-2022');
    const ids = new Set(guideline?.passages.map((p) => p.id));
    expect(ids.size).toBeGreaterThan(0);
    for (const [, input] of CASES) expect(ids).toContain(oRadsUs2022(input).passage);
  });
});
