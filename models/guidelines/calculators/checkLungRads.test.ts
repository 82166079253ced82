import { describe, expect, it } from 'vitest';
import {
  checkLungRads,
  isScreeningText,
  readLungRadsCategory,
  readLungRadsFacts,
} from './checkLungRads';

describe('readLungRadsFacts', () => {
  it('reads a baseline solid nodule and its size', () => {
    expect(
      readLungRadsFacts(
        'Baseline lung cancer screening LDCT: a 9 mm solid nodule in the right upper lobe.',
      ),
    ).toEqual({ type: 'solid', scan: 'baseline', sizeMm: 9 });
  });

  it('reads a new part-solid nodule with its solid component on a follow-up scan', () => {
    expect(
      readLungRadsFacts(
        'Compared with the prior screening CT there is a new 10 mm part-solid nodule with a solid component of 5 mm.',
      ),
    ).toEqual({ type: 'part-solid', scan: 'follow-up', change: 'new', sizeMm: 10, solidMm: 5 });
  });

  it('reads a stable nodule with its previous category, and no growth as no growth', () => {
    expect(
      readLungRadsFacts(
        'The 7 mm solid nodule, previously Lung-RADS 3, is unchanged with no interval growth.',
      ),
    ).toMatchObject({ type: 'solid', scan: 'follow-up', change: 'stable', prior: '3' });
  });

  it('reads airway nodules, atypical cysts, benign calcification and spiculation', () => {
    expect(readLungRadsFacts('An endobronchial nodule in the right main bronchus.')).toMatchObject({
      type: 'airway',
      airway: 'segmental',
    });
    expect(readLungRadsFacts('A thick-walled cyst in the left lower lobe.')).toMatchObject({
      type: 'atypical-cyst',
      cyst: 'thick-walled',
    });
    expect(readLungRadsFacts('A 6 mm nodule with popcorn calcification.').type).toBe('benign');
    expect(readLungRadsFacts('A spiculated 12 mm solid nodule.').suspicious).toBe('yes');
    expect(readLungRadsFacts('A 12 mm solid nodule, not spiculated.').suspicious).toBeUndefined();
  });
});

describe('readLungRadsCategory and isScreeningText', () => {
  it.each([
    ['Lung-RADS 4A: LDCT in 3 months.', '4A'],
    ['This is Lung-RADS category 4b.', '4B'],
    ['Category 2, annual screening.', '2'],
    ['Recommend PET/CT.', undefined],
    ['The nodule, previously Lung-RADS 3, is now Lung-RADS 2.', '2'],
    ['Stable nodule, previously category 4A.', undefined],
  ])('%s', (text, category) => {
    expect(readLungRadsCategory(text)).toBe(category);
  });

  it('tells a screening CT from an incidental nodule', () => {
    expect(isScreeningText('Annual low-dose CT for lung cancer screening.')).toBe(true);
    expect(
      isScreeningText('An incidental nodule on a CT for trauma; this is not a screening CT.'),
    ).toBe(false);
  });
});

describe('checkLungRads', () => {
  const steps = [
    'This is a baseline lung cancer screening LDCT.',
    'There is a solid nodule measuring 9 mm in the right upper lobe with smooth margins.',
  ];

  it('flags an answer that names another category', () => {
    const check = checkLungRads(steps, 'Lung-RADS 3, LDCT in 6 months.');
    expect(check?.result?.category).toBe('4A');
    expect(check?.modelCategory).toBe('3');
    expect(check?.contradiction).toBe(
      'The model gives Lung-RADS 3; Lung-RADS v2022 for these inputs gives Lung-RADS 4A: LDCT in 3 months; PET/CT may be considered when a solid nodule or solid component is 8 mm or more.',
    );
  });

  it('flags an answer that names another interval without a category, and accepts the right one', () => {
    expect(checkLungRads(steps, 'Repeat LDCT in 12 months.')?.contradiction).toMatch(
      /scan at 12 months; .* Lung-RADS 4A/,
    );
    expect(
      checkLungRads(steps, 'Lung-RADS 4A; repeat LDCT in 3 months.')?.contradiction,
    ).toBeNull();
    expect(checkLungRads(steps, 'B')?.contradiction).toBeNull();
  });

  it('asks for the change and the prior category on a follow-up scan instead of guessing them', () => {
    const followUp = checkLungRads(
      ['Annual screening LDCT compared with the prior screening CT: a 7 mm solid nodule.'],
      'Lung-RADS 2.',
    );
    expect(followUp?.missing).toEqual(['change']);
    expect(followUp?.result).toBeNull();
    const stable = checkLungRads(
      ['Annual screening LDCT: the 7 mm solid nodule is unchanged.'],
      'Lung-RADS 2.',
    );
    expect(stable?.missing).toEqual(['prior']);
  });

  it('lets the user supply an input, and explains a combination the table does not categorise', () => {
    const check = checkLungRads(
      ['Annual screening LDCT: the 7 mm solid nodule is unchanged.'],
      'Lung-RADS 3.',
      { prior: '3' },
    );
    expect(check?.result?.category).toBe('2');
    expect(check?.result?.passage).toBe('stepped-management');
    expect(check?.contradiction).toMatch(/^The model gives Lung-RADS 3;/);
    const cyst = checkLungRads(['Baseline screening LDCT: a thin-walled cyst.'], 'Lung-RADS 1.');
    expect(cyst?.result).toBeNull();
    expect(cyst?.refusal).toMatch(/not an atypical cyst/);
  });

  it('stays out of runs that are not about a screening CT', () => {
    expect(
      checkLungRads(['A single 7 mm solid nodule in a never-smoker.'], 'CT at 6-12 months.'),
    ).toBeNull();
  });
});
