import { describe, expect, it } from 'vitest';
import { checkBosniak, readBosniakClass, readBosniakFacts } from './checkBosniak';

describe('checkBosniak', () => {
  it('classes a minimally thickened enhancing septum as IIF and flags the model calling it II', () => {
    const check = checkBosniak(
      [
        'Contrast-enhanced CT in the portal venous phase shows a 4.2 cm cystic mass in the left kidney.',
        'It has a thin smooth wall and two septa, the thickest septum measuring 3 mm, with measurable enhancement of the septa.',
        'No enhancing nodule and no calcification.',
      ],
      'Bosniak II: no follow-up needed.',
    );
    expect(check).toMatchObject({
      inputs: {
        modality: 'ct',
        phase: 'portal-venous',
        wallMm: 2,
        septa: 2,
        septaMm: 3,
        enhancing: 'yes',
        calcification: 'no',
      },
      missing: [],
      result: { category: 'IIF', passage: 'class-2f' },
    });
    expect(check?.inputs.protrusionMm).toBeUndefined();
    expect(check?.contradiction).toMatch(
      /^The model gives Bosniak II; Bosniak 2019 .* gives Bosniak IIF: imaging follow-up/,
    );
  });

  it('makes an enhancing 5 mm nodule with obtuse margins class IV and agrees with a model that says so', () => {
    const check = checkBosniak(
      [
        'MRI of the right kidney: a 3 cm cystic lesion with a 2 mm wall and one septum of 2 mm.',
        'An enhancing 5 mm nodule arises from the septum with obtuse margins.',
      ],
      'Bosniak IV — refer to urology.',
    );
    expect(check).toMatchObject({
      inputs: { modality: 'mri', protrusionMm: 5, protrusionMargin: 'obtuse', enhancing: 'yes' },
      result: { category: 'IV' },
      contradiction: null,
    });
  });

  it('asks for the attenuation instead of guessing a class for a simple-looking CT cyst', () => {
    const check = checkBosniak(
      ['Portal venous CT: a 2 cm simple-appearing renal cyst with no septa and no calcification.'],
      'Bosniak I.',
    );
    expect(check).toMatchObject({
      inputs: { wallMm: 2, septa: 0 },
      missing: ['hu'],
      result: null,
      contradiction: null,
    });
    expect(checkBosniak(['A 2 cm renal cyst.'], 'Bosniak I')?.missing).toEqual([
      'modality',
      'wallMm',
      'septa',
    ]);
  });

  it('refuses an indeterminate attenuation with the reason the classification gives', () => {
    const check = checkBosniak(
      ['Unenhanced CT: a 2 cm homogeneous renal cyst, 45 HU, thin wall, no septa.'],
      '',
    );
    expect(check).toMatchObject({ result: null, missing: [] });
    expect(check?.refusal).toMatch(/21 to 69 HU on unenhanced CT is indeterminate/);
  });

  it('does not read non-enhancing thickening as enhancing, nor the year 2019 as a class', () => {
    const facts = readBosniakFacts(
      'CT: renal cyst with a thick wall (4 mm), non-enhancing, no septa, 12 HU, portal venous phase.',
    );
    expect(facts).toMatchObject({ wallMm: 4, enhancing: 'no', septa: 0, hu: 12 });
    expect(
      readBosniakFacts('MRI: renal cyst with a non-enhancing wall but an enhancing 6 mm nodule.')
        .enhancing,
    ).toBe('yes');
    expect(readBosniakFacts('CT: renal cyst with non-enhancing septa.').enhancing).toBe('no');
    expect(readBosniakClass('Per Bosniak 2019 this is class III.')).toBeUndefined();
    expect(readBosniakClass('Per Bosniak 2019 class 3.')).toBe('III');
    expect(readBosniakClass('previously Bosniak IIF, now Bosniak III')).toBe('III');
  });

  it('is null for a run not about a renal cyst', () => {
    expect(checkBosniak(['A 6 mm solid lung nodule.'], 'CT at 12 months')).toBeNull();
  });
});
