import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { lungRads2022, type LungRadsCategory, type LungRadsInput } from './lungRads2022';

const baseline = (over: Partial<LungRadsInput>): LungRadsInput => ({
  finding: 'solid',
  scan: 'baseline',
  ...over,
});
const followUp = (over: Partial<LungRadsInput>): LungRadsInput => ({
  finding: 'solid',
  scan: 'follow-up',
  ...over,
});

// Rows of the Lung-RADS v2022 table restated, with each size boundary on both
// sides: solid 6 / 8 / 15 mm at baseline, new 4 / 6 / 8 mm, growing 8 mm;
// part-solid 6 mm total and solid component 6 / 8 mm (4 mm when new or
// growing); ground-glass 30 mm; juxtapleural 10 mm.
const CASES: [string, LungRadsInput, LungRadsCategory, string][] = [
  ['no nodule', baseline({ finding: 'none' }), '1', 'category-1'],
  ['a nodule with popcorn calcification', baseline({ finding: 'benign' }), '1', 'category-1'],
  ['prior CT awaited for comparison', baseline({ sizeMm: 9, incomplete: true }), '0', 'category-0'],
  ['consolidation suggesting infection', baseline({ finding: 'inflammatory' }), '0', 'category-0'],
  ['baseline solid 5.9 mm', baseline({ sizeMm: 5.9 }), '2', 'category-2'],
  ['baseline solid 5.96 mm reads as 6.0 mm', baseline({ sizeMm: 5.96 }), '3', 'category-3'],
  ['baseline solid 6 mm', baseline({ sizeMm: 6 }), '3', 'category-3'],
  ['baseline solid 7.9 mm', baseline({ sizeMm: 7.9 }), '3', 'category-3'],
  ['baseline solid 8 mm', baseline({ sizeMm: 8 }), '4A', 'category-4a'],
  ['baseline solid 14.9 mm', baseline({ sizeMm: 14.9 }), '4A', 'category-4a'],
  ['baseline solid 15 mm', baseline({ sizeMm: 15 }), '4B', 'category-4b'],
  ['new solid 3.9 mm', followUp({ change: 'new', sizeMm: 3.9 }), '2', 'category-2'],
  ['new solid 4 mm', followUp({ change: 'new', sizeMm: 4 }), '3', 'category-3'],
  ['new solid 5.9 mm', followUp({ change: 'new', sizeMm: 5.9 }), '3', 'category-3'],
  ['new solid 6 mm', followUp({ change: 'new', sizeMm: 6 }), '4A', 'category-4a'],
  ['new solid 7.9 mm', followUp({ change: 'new', sizeMm: 7.9 }), '4A', 'category-4a'],
  ['new solid 8 mm', followUp({ change: 'new', sizeMm: 8 }), '4B', 'category-4b'],
  ['growing solid 7.9 mm', followUp({ change: 'growing', sizeMm: 7.9 }), '4A', 'category-4a'],
  ['growing solid 8 mm', followUp({ change: 'growing', sizeMm: 8 }), '4B', 'category-4b'],
  [
    'baseline part-solid 5.9 mm in total',
    baseline({ finding: 'part-solid', sizeMm: 5.9, solidMm: 3 }),
    '2',
    'category-2',
  ],
  [
    'baseline part-solid 6 mm, solid part 5.9 mm',
    baseline({ finding: 'part-solid', sizeMm: 6, solidMm: 5.9 }),
    '3',
    'category-3',
  ],
  [
    'baseline part-solid 12 mm, solid part 6 mm',
    baseline({ finding: 'part-solid', sizeMm: 12, solidMm: 6 }),
    '4A',
    'category-4a',
  ],
  [
    'baseline part-solid 12 mm, solid part 7.9 mm',
    baseline({ finding: 'part-solid', sizeMm: 12, solidMm: 7.9 }),
    '4A',
    'category-4a',
  ],
  [
    'baseline part-solid 12 mm, solid part 8 mm',
    baseline({ finding: 'part-solid', sizeMm: 12, solidMm: 8 }),
    '4B',
    'category-4b',
  ],
  [
    'new part-solid 5.9 mm in total',
    followUp({ finding: 'part-solid', change: 'new', sizeMm: 5.9, solidMm: 2 }),
    '3',
    'category-3',
  ],
  [
    'new part-solid 10 mm, solid part 3.9 mm',
    followUp({ finding: 'part-solid', change: 'new', sizeMm: 10, solidMm: 3.9 }),
    '4A',
    'category-4a',
  ],
  [
    'growing solid part of 4 mm',
    followUp({ finding: 'part-solid', change: 'growing', sizeMm: 10, solidMm: 4 }),
    '4B',
    'category-4b',
  ],
  [
    'baseline ground-glass 29.9 mm',
    baseline({ finding: 'ground-glass', sizeMm: 29.9 }),
    '2',
    'category-2',
  ],
  [
    'baseline ground-glass 30 mm',
    baseline({ finding: 'ground-glass', sizeMm: 30 }),
    '3',
    'category-3',
  ],
  [
    'new ground-glass 30 mm',
    followUp({ finding: 'ground-glass', change: 'new', sizeMm: 30 }),
    '3',
    'category-3',
  ],
  [
    'growing ground-glass 20 mm',
    followUp({ finding: 'ground-glass', change: 'growing', sizeMm: 20 }),
    '2',
    'category-2',
  ],
  [
    'stable ground-glass 35 mm',
    followUp({ finding: 'ground-glass', change: 'stable', sizeMm: 35 }),
    '2',
    'category-2',
  ],
  [
    'baseline juxtapleural 9.9 mm',
    baseline({ finding: 'juxtapleural', sizeMm: 9.9 }),
    '2',
    'category-2',
  ],
  [
    'baseline juxtapleural 10 mm is read as solid',
    baseline({ finding: 'juxtapleural', sizeMm: 10 }),
    '4A',
    'category-4a',
  ],
  [
    'subsegmental airway nodule',
    baseline({ finding: 'airway', airway: 'subsegmental' }),
    '2',
    'category-2',
  ],
  [
    'segmental airway nodule at baseline',
    baseline({ finding: 'airway', airway: 'segmental' }),
    '4A',
    'category-4a',
  ],
  [
    'segmental airway nodule persisting at 3 months',
    followUp({ finding: 'airway', airway: 'segmental', change: 'stable' }),
    '4B',
    'category-4b',
  ],
  [
    'growing thin-walled cyst',
    followUp({ finding: 'atypical-cyst', cyst: 'thin-walled', change: 'growing' }),
    '3',
    'atypical-cysts',
  ],
  [
    'thick-walled cyst at baseline',
    baseline({ finding: 'atypical-cyst', cyst: 'thick-walled' }),
    '4A',
    'atypical-cysts',
  ],
  [
    'multilocular cyst at baseline',
    baseline({ finding: 'atypical-cyst', cyst: 'multilocular' }),
    '4A',
    'atypical-cysts',
  ],
  [
    'growing multilocular cyst',
    followUp({ finding: 'atypical-cyst', cyst: 'multilocular', change: 'growing' }),
    '4B',
    'atypical-cysts',
  ],
  [
    'category 3 stable at 6 months steps down to 2',
    followUp({ change: 'stable', sizeMm: 7, prior: '3' }),
    '2',
    'stepped-management',
  ],
  [
    'category 4A stable at 3 months steps down to 3',
    followUp({ change: 'stable', sizeMm: 10, prior: '4A' }),
    '3',
    'stepped-management',
  ],
  [
    'spiculated 10 mm solid nodule',
    baseline({ sizeMm: 10, suspicious: true }),
    '4X',
    'category-4x',
  ],
  ['spiculated 7 mm solid nodule', baseline({ sizeMm: 7, suspicious: true }), '4X', 'category-4x'],
  [
    'ground-glass nodule that doubled within a year',
    followUp({ finding: 'ground-glass', change: 'growing', sizeMm: 24, suspicious: true }),
    '4X',
    'category-4x',
  ],
];

describe('lungRads2022', () => {
  it.each(CASES)('%s', (_name, input, category, passage) => {
    const result = lungRads2022(input);
    expect(result.category).toBe(category);
    expect(result.passage).toBe(passage);
    expect(result.recommendation).toContain(`Lung-RADS ${category}`);
  });

  it('gives the management of each category', () => {
    expect(lungRads2022(baseline({ sizeMm: 7 })).management).toMatch(/6 months/);
    expect(lungRads2022(baseline({ sizeMm: 10 })).management).toMatch(/3 months/);
    expect(lungRads2022(baseline({ sizeMm: 4 })).management).toMatch(/12 months/);
    expect(lungRads2022(baseline({ sizeMm: 20 })).management).toMatch(/tissue sampling/);
    expect(lungRads2022(baseline({ finding: 'inflammatory' })).notes.join(' ')).toMatch(
      /1–3 months/,
    );
  });

  it('keeps a category 2 finding at 2 when it is called suspicious, with a note', () => {
    const result = lungRads2022(baseline({ sizeMm: 4, suspicious: true }));
    expect(result.category).toBe('2');
    expect(result.notes.join(' ')).toMatch(/only to findings that would be category 3 or 4/);
  });

  it.each([
    [baseline({}), /mean diameter/],
    [baseline({ sizeMm: 0 }), /positive/],
    [baseline({ sizeMm: Number.NaN }), /positive/],
    [followUp({ sizeMm: 7 }), /new, growing or stable/],
    [followUp({ sizeMm: 7, change: 'stable' }), /category it had before/],
    [baseline({ finding: 'part-solid', sizeMm: 9 }), /solid component/],
    [baseline({ finding: 'part-solid', sizeMm: 6, solidMm: 7 }), /cannot exceed/],
    [baseline({ sizeMm: 6, solidMm: 3 }), /only for part-solid/],
    [baseline({ finding: 'airway' }), /level/],
    [baseline({ finding: 'atypical-cyst' }), /kind/],
    [baseline({ finding: 'atypical-cyst', cyst: 'thin-walled' }), /not an atypical cyst/],
  ])('refuses incomplete or impossible input %#', (input, message) => {
    expect(() => lungRads2022(input)).toThrow(message);
  });

  it('names passages that exist in the bundled lung-rads-2022 guideline', () => {
    const guideline = loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .find((g) => g.id === 'lung-rads-2022');
    const ids = new Set(guideline?.passages.map((p) => p.id));
    expect(ids.size).toBeGreaterThan(0);
    for (const [, input] of CASES) expect(ids).toContain(lungRads2022(input).passage);
  });
});
