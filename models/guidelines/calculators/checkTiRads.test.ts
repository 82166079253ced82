import { describe, expect, it } from 'vitest';
import { checkTiRads, readThyroidAction, readThyroidFacts, readTiRadsLevel } from './checkTiRads';

describe('readThyroidFacts', () => {
  it('reads all five feature categories and the size where they are stated', () => {
    expect(
      readThyroidFacts(
        'A 1.8 cm solid hypoechoic thyroid nodule, wider-than-tall, with smooth margins and no calcifications.',
      ),
    ).toEqual({
      composition: 'solid',
      echogenicity: 'hypoechoic',
      shape: 'wider-than-tall',
      margin: 'smooth',
      foci: ['none'],
      sizeMm: 18,
    });
  });

  it('reads negations and several echogenic foci', () => {
    expect(
      readThyroidFacts(
        'Mixed cystic and solid nodule, markedly hypoechoic, not taller-than-wide, lobulated, with macrocalcifications and microcalcifications.',
      ),
    ).toMatchObject({
      composition: 'mixed',
      echogenicity: 'very-hypoechoic',
      shape: 'wider-than-tall',
      margin: 'lobulated',
      foci: ['punctate', 'macro'],
    });
    expect(readThyroidFacts('A spongiform nodule without microcalcifications.')).toEqual({
      composition: 'spongiform',
      foci: ['none'],
    });
  });

  it('does not read hyperechoic foci as the echogenicity of the nodule', () => {
    expect(readThyroidFacts('A solid nodule with hyperechoic foci.').echogenicity).toBeUndefined();
  });
});

describe('readTiRadsLevel and readThyroidAction', () => {
  it.each([
    ['ACR TI-RADS 4, FNA recommended.', 'TR4', 'fna'],
    ['TR3 nodule; follow-up ultrasound in 1 year.', 'TR3', 'follow-up'],
    ['TI-RADS category 5. No FNA is needed at this size.', 'TR5', 'none'],
    ['FNA is not indicated.', undefined, 'none'],
    ['Benign-appearing nodule.', undefined, undefined],
  ])('%s', (text, level, action) => {
    expect(readTiRadsLevel(text)).toBe(level);
    expect(readThyroidAction(text)).toBe(action);
  });
});

describe('checkTiRads', () => {
  const steps = [
    'Thyroid ultrasound: a 12 mm solid hypoechoic nodule in the right lobe.',
    'It is wider-than-tall with smooth margins and no echogenic foci.',
  ];

  it('flags an answer that names another TR level', () => {
    const check = checkTiRads(steps, 'TR5, FNA.');
    expect(check?.result).toMatchObject({ points: 4, level: 'TR4', action: 'follow-up' });
    expect(check?.contradiction).toBe(
      'The model gives TR5; ACR TI-RADS for these features gives TR4, 1.2 cm: ultrasound follow-up at 1, 2, 3 and 5 years (FNA from 1.5 cm).',
    );
  });

  it('flags an answer that recommends FNA below the threshold, and accepts follow-up', () => {
    expect(checkTiRads(steps, 'Recommend FNA.')?.contradiction).toMatch(
      /^The model recommends FNA; ACR TI-RADS/,
    );
    expect(checkTiRads(steps, 'TR4; follow-up ultrasound in 1 year.')?.contradiction).toBeNull();
  });

  it('asks for the features the text does not state', () => {
    const check = checkTiRads(['A 2 cm solid thyroid nodule.'], 'FNA.');
    expect(check?.missing).toEqual(['echogenicity', 'shape', 'margin', 'foci']);
    expect(check?.result).toBeNull();
    expect(check?.contradiction).toBeNull();
  });

  it('needs only composition and size for a spongiform nodule, and takes the user’s corrections', () => {
    expect(checkTiRads(['A 3 cm spongiform thyroid nodule.'], 'FNA.')?.contradiction).toMatch(
      /gives TR1/,
    );
    const corrected = checkTiRads(['A 2 cm solid thyroid nodule.'], 'FNA.', {
      echogenicity: 'isoechoic',
      shape: 'wider-than-tall',
      margin: 'smooth',
      foci: ['none'],
    });
    expect(corrected?.result?.level).toBe('TR3');
    expect(corrected?.contradiction).toMatch(/recommends FNA/);
  });

  it('stays out of runs that are not about a thyroid nodule', () => {
    expect(checkTiRads(['A 7 mm solid lung nodule.'], 'CT at 6 months.')).toBeNull();
  });
});
