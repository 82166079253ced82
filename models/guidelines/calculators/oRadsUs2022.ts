/**
 * O-RADS US v2022 risk stratification of an adnexal lesion (ACR; Strachowski
 * et al., Radiology 2023;308:e230685), restated as a decision table for an
 * average-risk, non-pregnant patient without acute symptoms. The ACR's own
 * wording is not copied. Sizes are the maximum diameter in cm; the boundaries
 * are 3 cm (a premenopausal follicle or corpus luteum) and 10 cm.
 * Management is given per category; the size- and menopause-specific
 * follow-up intervals of O-RADS 2 are not in our pack and are not restated.
 */
/** The lesion types the table categorises (the CLI's --lesion and the Guideline check's choices). */
export const ADNEXAL_LESIONS = [
  'normal',
  'simple-cyst',
  'corpus-luteum',
  'unilocular',
  'bilocular',
  'multilocular',
  'solid',
  'hemorrhagic',
  'dermoid',
  'endometrioma',
  'paraovarian',
  'peritoneal-inclusion',
  'hydrosalpinx',
] as const;
export type AdnexalLesion = (typeof ADNEXAL_LESIONS)[number];
export type Menopause = 'pre' | 'post';
export type WallContour = 'smooth' | 'irregular';
export type ColorScore = 1 | 2 | 3 | 4;
export type ORadsCategory = '0' | '1' | '2' | '3' | '4' | '5';

export interface ORadsInput {
  /** Technical factors prevent assessment (O-RADS 0). */
  incomplete?: boolean;
  /** Ascites and/or peritoneal nodules: O-RADS 5 whatever the lesion. */
  ascites?: boolean;
  lesion?: AdnexalLesion;
  /** Maximum diameter in cm. */
  sizeCm?: number;
  menopause?: Menopause;
  /** Inner wall (and septations) of a cyst without a solid component. */
  innerWall?: WallContour;
  /** Papillary projections (solid protrusions 3 mm or more high) of a unilocular cyst. */
  papillary?: number;
  /** Whether a bilocular or multilocular cyst has a solid component. */
  solidComponent?: boolean;
  colorScore?: ColorScore;
  /** Outer contour of a solid lesion. */
  outerContour?: WallContour;
  /** Acoustic shadowing of a smooth solid lesion. */
  shadowing?: boolean;
}

export interface ORadsResult {
  guideline: 'o-rads-us-2022';
  category: ORadsCategory;
  risk: string;
  management: string;
  recommendation: string;
  passage: string;
  notes: string[];
}

const RISK: Record<ORadsCategory, string> = {
  '0': 'incomplete evaluation',
  '1': 'normal ovary',
  '2': 'almost certainly benign (under 1 % risk of malignancy)',
  '3': 'low risk (1 to under 10 %)',
  '4': 'intermediate risk (10 to under 50 %)',
  '5': 'high risk (50 % or more)',
};

const MANAGEMENT: Record<ORadsCategory, string> = {
  '0': 'repeat ultrasound or MRI',
  '1': 'no follow-up',
  '2': 'follow-up ultrasound or none, by lesion type, size and menopausal status',
  '3': 'ultrasound specialist or MRI, with a gynaecologist',
  '4': 'ultrasound specialist or MRI, with a gynaecologist and gynaecological oncology input',
  '5': 'referral to a gynaecological oncologist',
};

const PASSAGE: Record<ORadsCategory, string> = {
  '0': 'category-0-1',
  '1': 'category-0-1',
  '2': 'category-2',
  '3': 'category-3',
  '4': 'category-4',
  '5': 'category-5',
};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new RangeError(`oRadsUs2022: ${what} is needed`);
  return value;
}

function sizeOf(input: ORadsInput): number {
  const size = need(input.sizeCm, 'the maximum diameter (--size-cm)');
  if (!Number.isFinite(size) || size <= 0)
    throw new RangeError('oRadsUs2022: the size must be a positive number of centimetres');
  return size;
}

const colorOf = (input: ORadsInput) => need(input.colorScore, 'the colour score (1–4)');

function category(input: ORadsInput, notes: string[]): ORadsCategory {
  const lesion = need(input.lesion, 'the lesion type');
  switch (lesion) {
    case 'normal':
      return '1';
    case 'simple-cyst':
    case 'corpus-luteum': {
      const size = sizeOf(input);
      // Only at 3 cm or less does menopausal status change the category.
      if (size <= 3 && need(input.menopause, 'the menopausal status (pre or post)') === 'pre')
        return '1';
      if (lesion === 'corpus-luteum')
        throw new RangeError(
          'oRadsUs2022: a corpus luteum is O-RADS 1 only in a premenopausal ovary at 3 cm or less; describe the lesion instead',
        );
      return size < 10 ? '2' : '3';
    }
    case 'hemorrhagic':
    case 'dermoid':
    case 'endometrioma':
      return sizeOf(input) < 10 ? '2' : '3';
    case 'paraovarian':
    case 'peritoneal-inclusion':
    case 'hydrosalpinx':
      notes.push(
        'Read as O-RADS 2 at any size (the pack lists these with the classic benign lesions).',
      );
      return '2';
    case 'unilocular': {
      const papillary = input.papillary ?? 0;
      if (!Number.isInteger(papillary) || papillary < 0)
        throw new RangeError(
          'oRadsUs2022: the papillary projections must be a whole number, 0 or more',
        );
      if (papillary >= 4) return '5';
      if (papillary >= 1) return '4';
      const wall = need(input.innerWall, 'the inner wall (smooth or irregular)');
      if (wall === 'irregular') return '3';
      return sizeOf(input) < 10 ? '2' : '3';
    }
    case 'bilocular':
    case 'multilocular': {
      const solid = need(input.solidComponent, 'whether there is a solid component');
      if (solid) return colorOf(input) <= 2 ? '4' : '5';
      const wall = need(input.innerWall, 'the inner wall (smooth or irregular)');
      if (lesion === 'bilocular') {
        if (wall === 'irregular')
          throw new RangeError(
            'oRadsUs2022: a bilocular cyst with an irregular inner wall and no solid component is not covered by our pack; consult the ACR table',
          );
        return sizeOf(input) < 10 ? '2' : '3';
      }
      if (wall === 'irregular') return '4';
      const color = colorOf(input);
      if (color === 4) return '4';
      return sizeOf(input) < 10 ? '3' : '4';
    }
    case 'solid': {
      const contour = need(input.outerContour, 'the outer contour (smooth or irregular)');
      if (contour === 'irregular') return '5';
      const color = colorOf(input);
      if (color === 4) return '5';
      if (color === 1 || input.shadowing === true) return '3';
      need(input.shadowing, 'whether the solid lesion shadows');
      return '4';
    }
  }
}

/** The O-RADS US v2022 category, risk and management of one adnexal lesion. */
export function oRadsUs2022(input: ORadsInput): ORadsResult {
  if (input.colorScore !== undefined && ![1, 2, 3, 4].includes(input.colorScore))
    throw new RangeError('oRadsUs2022: the colour score must be 1, 2, 3 or 4');
  const notes: string[] = [
    'For an average-risk, non-pregnant patient without acute symptoms; the most worrying lesion decides.',
  ];
  const result = (c: ORadsCategory): ORadsResult => ({
    guideline: 'o-rads-us-2022',
    category: c,
    risk: RISK[c],
    management: MANAGEMENT[c],
    recommendation: `O-RADS ${c}, ${RISK[c]}: ${MANAGEMENT[c]}.`,
    passage: PASSAGE[c],
    notes,
  });
  if (input.incomplete) return result('0');
  if (input.ascites) {
    notes.push('Ascites and/or peritoneal nodules make any adnexal lesion O-RADS 5.');
    return result('5');
  }
  return result(category(input, notes));
}
