import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { fleischner2017, type FleischnerInput } from './fleischner2017';

// Rows of the Fleischner 2017 table (restated), with the boundaries: the
// bands are < 6, 6–8 and > 8 mm after rounding to the nearest millimetre.
const CASES: [string, FleischnerInput, [number, number] | null, boolean, string][] = [
  [
    'single solid 4 mm, low risk',
    { type: 'solid', sizeMm: 4, count: 'single', risk: 'low' },
    null,
    false,
    'solid-under-6mm',
  ],
  [
    'single solid 4 mm, high risk',
    { type: 'solid', sizeMm: 4, count: 'single', risk: 'high' },
    [12, 12],
    true,
    'solid-under-6mm',
  ],
  [
    'single solid 5.4 mm rounds to 5',
    { type: 'solid', sizeMm: 5.4, count: 'single', risk: 'low' },
    null,
    false,
    'solid-under-6mm',
  ],
  [
    'single solid 5.6 mm rounds to 6',
    { type: 'solid', sizeMm: 5.6, count: 'single', risk: 'low' },
    [6, 12],
    false,
    'solid-6-8mm',
  ],
  [
    'single solid exactly 6 mm, low risk',
    { type: 'solid', sizeMm: 6, count: 'single', risk: 'low' },
    [6, 12],
    false,
    'solid-6-8mm',
  ],
  [
    'single solid 7 mm, high risk',
    { type: 'solid', sizeMm: 7, count: 'single', risk: 'high' },
    [6, 12],
    false,
    'solid-6-8mm',
  ],
  [
    'single solid exactly 8 mm',
    { type: 'solid', sizeMm: 8, count: 'single', risk: 'low' },
    [6, 12],
    false,
    'solid-6-8mm',
  ],
  [
    'single solid 8.4 mm rounds to 8',
    { type: 'solid', sizeMm: 8.4, count: 'single', risk: 'high' },
    [6, 12],
    false,
    'solid-6-8mm',
  ],
  [
    'single solid 9 mm, low risk',
    { type: 'solid', sizeMm: 9, count: 'single', risk: 'low' },
    [3, 3],
    false,
    'solid-over-8mm',
  ],
  [
    'single solid 15 mm, high risk',
    { type: 'solid', sizeMm: 15, count: 'single', risk: 'high' },
    [3, 3],
    false,
    'solid-over-8mm',
  ],
  [
    'multiple solid 5 mm, low risk',
    { type: 'solid', sizeMm: 5, count: 'multiple', risk: 'low' },
    null,
    false,
    'multiple-solid',
  ],
  [
    'multiple solid 5 mm, high risk',
    { type: 'solid', sizeMm: 5, count: 'multiple', risk: 'high' },
    [12, 12],
    true,
    'multiple-solid',
  ],
  [
    'multiple solid exactly 6 mm',
    { type: 'solid', sizeMm: 6, count: 'multiple', risk: 'low' },
    [3, 6],
    false,
    'multiple-solid',
  ],
  [
    'multiple solid 10 mm',
    { type: 'solid', sizeMm: 10, count: 'multiple', risk: 'high' },
    [3, 6],
    false,
    'multiple-solid',
  ],
  [
    'single ground-glass 5 mm',
    { type: 'ground-glass', sizeMm: 5, count: 'single' },
    null,
    false,
    'ground-glass-single',
  ],
  [
    'single ground-glass exactly 6 mm',
    { type: 'ground-glass', sizeMm: 6, count: 'single' },
    [6, 12],
    false,
    'ground-glass-single',
  ],
  [
    'single ground-glass 14 mm',
    { type: 'ground-glass', sizeMm: 14, count: 'single' },
    [6, 12],
    false,
    'ground-glass-single',
  ],
  [
    'single part-solid 5 mm',
    { type: 'part-solid', sizeMm: 5, count: 'single' },
    null,
    false,
    'part-solid-single',
  ],
  [
    'single part-solid exactly 6 mm',
    { type: 'part-solid', sizeMm: 6, solidMm: 3, count: 'single' },
    [3, 6],
    false,
    'part-solid-single',
  ],
  [
    'single part-solid 12 mm',
    { type: 'part-solid', sizeMm: 12, solidMm: 7, count: 'single' },
    [3, 6],
    false,
    'part-solid-single',
  ],
  [
    'multiple subsolid 4 mm',
    { type: 'ground-glass', sizeMm: 4, count: 'multiple' },
    [3, 6],
    false,
    'multiple-subsolid',
  ],
  [
    'multiple subsolid 9 mm',
    { type: 'part-solid', sizeMm: 9, count: 'multiple' },
    [3, 6],
    false,
    'multiple-subsolid',
  ],
];

describe('fleischner2017', () => {
  it.each(CASES)('%s', (_name, input, months, optional, passage) => {
    const result = fleischner2017(input);
    expect(result.firstCtMonths).toEqual(months);
    expect(result.optional).toBe(optional);
    expect(result.passage).toBe(passage);
    expect(result.guideline).toBe('fleischner-2017');
  });

  it('says "then CT" for high risk and "then consider CT" for low risk at 6–8 mm', () => {
    expect(
      fleischner2017({ type: 'solid', sizeMm: 7, count: 'single', risk: 'high' }).recommendation,
    ).toBe('CT at 6–12 months, then CT at 18–24 months.');
    expect(
      fleischner2017({ type: 'solid', sizeMm: 7, count: 'single', risk: 'low' }).recommendation,
    ).toBe('CT at 6–12 months, then consider CT at 18–24 months.');
  });

  it('flags a part-solid nodule whose solid component is 6 mm or more as highly suspicious', () => {
    expect(
      fleischner2017({ type: 'part-solid', sizeMm: 12, solidMm: 7, count: 'single' }).notes.join(
        ' ',
      ),
    ).toMatch(/highly suspicious/);
    expect(
      fleischner2017({ type: 'part-solid', sizeMm: 12, solidMm: 4, count: 'single' }).notes.join(
        ' ',
      ),
    ).not.toMatch(/highly suspicious/);
  });

  it('refuses a solid nodule without a risk and a size that is not positive', () => {
    expect(() => fleischner2017({ type: 'solid', sizeMm: 7, count: 'single' })).toThrow(
      /patient risk/,
    );
    expect(() => fleischner2017({ type: 'ground-glass', sizeMm: 0, count: 'single' })).toThrow(
      /positive/,
    );
    expect(() =>
      fleischner2017({ type: 'ground-glass', sizeMm: Number.NaN, count: 'single' }),
    ).toThrow(/positive/);
  });

  it('names passages that exist in the bundled fleischner-2017 guideline', () => {
    const guideline = loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .find((g) => g.id === 'fleischner-2017');
    const ids = new Set(guideline?.passages.map((p) => p.id));
    for (const [, input] of CASES) expect(ids).toContain(fleischner2017(input).passage);
  });
});
