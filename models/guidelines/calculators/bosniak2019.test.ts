import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { bosniak2019, type BosniakClass, type BosniakInput } from './bosniak2019';

const ct = (over: Partial<BosniakInput>): BosniakInput => ({
  modality: 'ct',
  phase: 'portal-venous',
  wallMm: 1,
  septa: 0,
  hu: 5,
  ...over,
});
const mri = (over: Partial<BosniakInput>): BosniakInput => ({
  modality: 'mri',
  wallMm: 1,
  septa: 0,
  mriSignal: 'simple',
  ...over,
});

// The Bosniak 2019 classes restated, each boundary on both sides: wall and
// septum 2 / 3 / 4 mm, septa 1–3 vs 4 or more, protrusion 3 / 4 mm and
// acute margins, attenuation -9 / 20 / 30 / 70 HU, enhancement 10 / 20 HU.
const CASES: [string, BosniakInput, BosniakClass, string][] = [
  ['simple cyst, thin wall, 5 HU in the portal venous phase', ct({}), 'I', 'class-1'],
  ['simple cyst with a 2 mm wall', ct({ wallMm: 2 }), 'I', 'class-1'],
  ['a 2.4 mm wall reads as 2 mm', ct({ wallMm: 2.4 }), 'I', 'class-1'],
  ['a 3 mm enhancing wall', ct({ wallMm: 3, enhancing: true }), 'IIF', 'class-2f'],
  ['a 4 mm enhancing wall', ct({ wallMm: 4, enhancing: true }), 'III', 'class-3'],
  ['one thin septum', ct({ septa: 1, septaMm: 1 }), 'II', 'class-2'],
  ['three thin enhancing septa', ct({ septa: 3, septaMm: 2, enhancing: true }), 'II', 'class-2'],
  ['four thin enhancing septa', ct({ septa: 4, septaMm: 2, enhancing: true }), 'IIF', 'class-2f'],
  ['a 3 mm enhancing septum', ct({ septa: 2, septaMm: 3, enhancing: true }), 'IIF', 'class-2f'],
  ['a 4 mm enhancing septum', ct({ septa: 2, septaMm: 4, enhancing: true }), 'III', 'class-3'],
  [
    'a 3 mm obtuse protrusion (irregular wall)',
    ct({ protrusionMm: 3, protrusionMargin: 'obtuse', enhancing: true }),
    'III',
    'class-3',
  ],
  [
    'a 4 mm obtuse protrusion (nodule)',
    ct({ protrusionMm: 4, protrusionMargin: 'obtuse', enhancing: true }),
    'IV',
    'class-4',
  ],
  [
    'a 1 mm acute protrusion (nodule)',
    ct({ protrusionMm: 1, protrusionMargin: 'acute', enhancing: true }),
    'IV',
    'class-4',
  ],
  [
    'a nodule beside many septa',
    ct({ septa: 6, septaMm: 2, protrusionMm: 6, protrusionMargin: 'obtuse', enhancing: true }),
    'IV',
    'class-4',
  ],
  ['-9 HU in the portal venous phase', ct({ hu: -9 }), 'I', 'class-1'],
  ['20 HU in the portal venous phase', ct({ hu: 20 }), 'I', 'class-1'],
  ['21 HU in the portal venous phase', ct({ hu: 21 }), 'II', 'class-2'],
  ['30 HU in the portal venous phase', ct({ hu: 30 }), 'II', 'class-2'],
  ['20 HU on unenhanced CT', ct({ phase: 'unenhanced', hu: 20 }), 'II', 'class-2'],
  ['70 HU on unenhanced CT', ct({ phase: 'unenhanced', hu: 70 }), 'II', 'class-2'],
  [
    'renal-mass protocol, 15 HU, rise of 9 HU',
    ct({ phase: 'renal-mass', hu: 15, enhancementHu: 9 }),
    'I',
    'class-1',
  ],
  [
    'renal-mass protocol, 45 HU non-enhancing',
    ct({ phase: 'renal-mass', hu: 45, enhancementHu: 3 }),
    'II',
    'class-2',
  ],
  ['simple fluid with calcification', ct({ calcification: true }), 'II', 'class-2'],
  ['homogeneous, too small to characterise', ct({ hu: 40, tooSmall: true }), 'II', 'class-2'],
  [
    'a 5 mm wall that does not enhance is classified by the rest',
    ct({ wallMm: 5, enhancing: false }),
    'I',
    'class-1',
  ],
  ['MRI simple fluid', mri({}), 'I', 'class-1'],
  [
    'MRI markedly T2 bright on unenhanced images',
    mri({ mriSignal: 't2-bright' }),
    'II',
    'mri-class-2-2f',
  ],
  [
    'MRI markedly T1 bright (fat-suppressed)',
    mri({ mriSignal: 't1-bright' }),
    'II',
    'mri-class-2-2f',
  ],
  [
    'MRI heterogeneously T1 bright',
    mri({ mriSignal: 't1-heterogeneous' }),
    'IIF',
    'mri-class-2-2f',
  ],
  [
    'MRI with a 4 mm enhancing septum',
    mri({ septa: 1, septaMm: 4, enhancing: true }),
    'III',
    'class-3',
  ],
];

describe('bosniak2019', () => {
  it.each(CASES)('%s', (_name, input, category, passage) => {
    const result = bosniak2019(input);
    expect(result.category).toBe(category);
    expect(result.passage).toBe(passage);
    expect(result.recommendation).toContain(`Bosniak ${category}:`);
  });

  it('gives follow-up for IIF and no follow-up for II', () => {
    expect(bosniak2019(ct({ wallMm: 3, enhancing: true })).management).toMatch(/6 and 12 months/);
    expect(bosniak2019(ct({ hu: 25 })).management).toMatch(/no follow-up/);
    expect(bosniak2019(ct({ hu: 25 })).notes.join(' ')).toMatch(/21 to 30 HU/);
  });

  it.each([
    [ct({ phase: 'unenhanced', hu: 21 }), /indeterminate/],
    [ct({ phase: 'unenhanced', hu: 69 }), /indeterminate/],
    [ct({ hu: 31 }), /indeterminate/],
    [ct({ hu: -10 }), /fat/],
    [ct({ phase: 'renal-mass', hu: 15, enhancementHu: 10 }), /equivocal/],
    [ct({ phase: 'renal-mass', hu: 15, enhancementHu: 19 }), /equivocal/],
    [ct({ phase: 'renal-mass', hu: 15, enhancementHu: 20 }), /solid renal mass/],
    [ct({ phase: 'renal-mass', hu: 15 }), /--enhancement-hu/],
    [ct({ hu: undefined }), /--hu/],
    [ct({ phase: undefined }), /phase/],
    [ct({ wallMm: 3 }), /--enhancing/],
    [ct({ septa: 2 }), /--septa-mm/],
    [ct({ septa: 1.5, septaMm: 1 }), /whole number/],
    [ct({ wallMm: -1 }), /wall thickness/],
    [ct({ protrusionMm: 3, enhancing: true }), /obtuse or acute/],
    [mri({ mriSignal: undefined }), /signal/],
  ])('refuses input it cannot classify %#', (input, message) => {
    expect(() => bosniak2019(input)).toThrow(message);
  });

  it('names passages that exist in the bundled bosniak-2019 guideline', () => {
    const guideline = loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .find((g) => g.id === 'bosniak-2019');
    const ids = new Set(guideline?.passages.map((p) => p.id));
    expect(ids.size).toBeGreaterThan(0);
    for (const [, input] of CASES) expect(ids).toContain(bosniak2019(input).passage);
  });
});
