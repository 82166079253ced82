import { describe, expect, it } from 'vitest';
import { checkFleischner, readNoduleFacts, readRecommendedMonths } from './checkFleischner';

describe('readNoduleFacts', () => {
  it('reads type, size, count and risk only where the text states them', () => {
    expect(
      readNoduleFacts(
        'There is a single 7 mm solid nodule in the right upper lobe. The patient has never smoked.',
      ),
    ).toEqual({ type: 'solid', sizeMm: 7, count: 'single', risk: 'low' });
    expect(readNoduleFacts('A nodule is present.')).toEqual({ count: 'single' });
    expect(readNoduleFacts('The heart is normal in size.')).toEqual({});
  });

  it('reads a solid nodule with no ground-glass component as solid, and a part-solid one with its solid part', () => {
    expect(
      readNoduleFacts('The 7 mm nodule is entirely solid, no ground-glass component.').type,
    ).toBe('solid');
    expect(
      readNoduleFacts('A 14 mm part-solid nodule with a solid component of 6 mm.'),
    ).toMatchObject({ type: 'part-solid', sizeMm: 14, solidMm: 6 });
  });

  it('reads multiple nodules and a high-risk history', () => {
    expect(
      readNoduleFacts('Several small solid nodules, largest 5 mm, in a 40 pack-year smoker.'),
    ).toMatchObject({
      type: 'solid',
      count: 'multiple',
      risk: 'high',
    });
  });
});

describe('readRecommendedMonths', () => {
  it.each([
    ['Recommend CT at 3 months.', [3, 3]],
    ['Follow-up CT in 6-12 months.', [6, 12]],
    ['Repeat imaging within 12 months', [12, 12]],
    ['No routine follow-up is needed.', null],
    ['This is a benign calcified granuloma.', undefined],
  ])('%s', (text, months) => {
    expect(readRecommendedMonths(text)).toEqual(months);
  });
});

describe('checkFleischner', () => {
  const steps = [
    'There is a single solid nodule measuring 7 mm in the left lower lobe.',
    'The patient is a never-smoker with no other risk factors, so low risk.',
  ];

  it('flags an answer whose first CT differs from the table', () => {
    const check = checkFleischner(steps, 'Recommend CT at 3 months.');
    expect(check?.result?.firstCtMonths).toEqual([6, 12]);
    expect(check?.contradiction).toBe(
      'The model recommends CT at 3 months; Fleischner 2017 for a single 7 mm solid nodule in a low-risk adult gives CT at 6–12 months, then consider CT at 18–24 months.',
    );
  });

  it('accepts an answer inside the table interval and one that names no interval', () => {
    expect(checkFleischner(steps, 'CT at 6 to 12 months.')?.contradiction).toBeNull();
    expect(checkFleischner(steps, 'Follow-up CT in 12 months.')?.contradiction).toBeNull();
    expect(checkFleischner(steps, 'B')?.contradiction).toBeNull();
  });

  it('asks for a missing input instead of guessing it', () => {
    const check = checkFleischner(['A single solid nodule of 7 mm.'], 'CT at 3 months.');
    expect(check?.missing).toEqual(['risk']);
    expect(check?.result).toBeNull();
    expect(check?.contradiction).toBeNull();
  });

  it('lets the user supply or correct an input', () => {
    const check = checkFleischner(['A single solid nodule of 7 mm.'], 'CT at 3 months.', {
      risk: 'high',
    });
    expect(check?.missing).toEqual([]);
    expect(check?.contradiction).toMatch(/high-risk adult gives CT at 6–12 months/);
  });

  it('stays out of runs that are not about a pulmonary nodule', () => {
    expect(checkFleischner(['The liver shows an LR-5 observation.'], 'HCC')).toBeNull();
  });
});
