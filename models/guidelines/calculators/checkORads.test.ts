import { describe, expect, it } from 'vitest';
import { checkORads, isAdnexalUsText, readORadsCategory, readORadsFacts } from './checkORads';

describe('checkORads', () => {
  it('gives O-RADS 4 for a multilocular cyst with a solid component and colour score 2, flagging a model that says 3', () => {
    const check = checkORads(
      [
        'Transvaginal ultrasound in a 58-year-old postmenopausal woman.',
        'A 6.5 x 5.0 cm multilocular cyst of the right ovary with a solid component; colour score 2.',
        'No ascites.',
      ],
      'O-RADS 3: MRI or specialist ultrasound.',
    );
    expect(check).toMatchObject({
      inputs: {
        lesion: 'multilocular',
        sizeCm: 6.5,
        menopause: 'post',
        solidComponent: 'yes',
        colorScore: '2',
        ascites: 'no',
      },
      missing: [],
      result: { category: '4', passage: 'category-4' },
    });
    expect(check?.contradiction).toMatch(
      /^The model gives O-RADS 3; O-RADS US v2022 .* gives O-RADS 4/,
    );
  });

  it('asks for the menopausal status of a small simple cyst, and not for a large one', () => {
    const small = checkORads(
      ['Pelvic ultrasound: a 2.5 cm simple cyst in the left ovary.'],
      'O-RADS 1',
    );
    expect(small).toMatchObject({ missing: ['menopause'], result: null, contradiction: null });
    const large = checkORads(
      ['Pelvic ultrasound: a 5 cm simple cyst in the left ovary.'],
      'O-RADS 2',
    );
    expect(large).toMatchObject({ missing: [], result: { category: '2' }, contradiction: null });
  });

  it('makes any lesion O-RADS 5 with ascites, and not when the ascites is negated', () => {
    const text = 'Ultrasound: a 7 cm solid ovarian mass with an irregular outer contour';
    expect(checkORads([`${text} and moderate ascites.`], '')?.result?.category).toBe('5');
    expect(readORadsFacts(`${text}; no ascites.`)).toMatchObject({
      lesion: 'solid',
      outerContour: 'irregular',
      ascites: 'no',
    });
  });

  it('reads papillary projections and the colour score from flow words', () => {
    expect(
      readORadsFacts(
        'A 4 cm unilocular cyst with two papillary projections and minimal internal flow.',
      ),
    ).toMatchObject({ lesion: 'unilocular', papillary: 2, colorScore: '2', sizeCm: 4 });
    expect(
      readORadsFacts('Unilocular cyst, smooth inner wall, without papillary projections.')
        .papillary,
    ).toBe(0);
  });

  it('applies to ultrasound only and skips a prior category', () => {
    expect(isAdnexalUsText('O-RADS MRI score 4 for an ovarian mass on MRI.')).toBe(false);
    expect(isAdnexalUsText('Transvaginal US shows a left adnexal cyst.')).toBe(true);
    expect(readORadsCategory('Previously O-RADS 3; now O-RADS US 4.')).toBe('4');
    expect(readORadsCategory('Under O-RADS US v2022 category 2.')).toBe('2');
  });
});
