import { choiceField, numberField, type CheckFields } from './checkFields';
import { largestSizeMm } from './largestSizeMm';
import {
  ADNEXAL_LESIONS,
  oRadsUs2022,
  type AdnexalLesion,
  type ColorScore,
  type ORadsCategory,
  type ORadsResult,
} from './oRadsUs2022';
import { saidInText as said, statedYesNo } from './saidInText';

type YesNo = 'yes' | 'no';

/** What the reasoning said about an adnexal lesion on ultrasound; a field is absent when the text does not say it. */
export interface ORadsFacts {
  lesion?: AdnexalLesion;
  sizeCm?: number;
  menopause?: 'pre' | 'post';
  innerWall?: 'smooth' | 'irregular';
  papillary?: number;
  solidComponent?: YesNo;
  colorScore?: '1' | '2' | '3' | '4';
  outerContour?: 'smooth' | 'irregular';
  shadowing?: YesNo;
  ascites?: YesNo;
  incomplete?: YesNo;
}

export interface ORadsCheck {
  calculator: 'o-rads-us-2022';
  inputs: ORadsFacts;
  /** The input the table needs next that the text does not give: asked for, never guessed. */
  missing: (keyof ORadsFacts)[];
  result: ORadsResult | null;
  refusal?: string;
  modelCategory?: ORadsCategory;
  contradiction: string | null;
}

const yesNo = (label: string) => choiceField(label, ['yes', 'no']);

/** The O-RADS US inputs as the calculator page and the Guideline check card edit them. */
export const O_RADS_FIELDS: CheckFields<ORadsFacts> = {
  lesion: choiceField('lesion', ADNEXAL_LESIONS),
  sizeCm: numberField('size (cm)', { min: 0.1, max: 100 }),
  menopause: choiceField('menopause', ['pre', 'post']),
  innerWall: choiceField('inner wall', ['smooth', 'irregular']),
  papillary: numberField('papillary projections', { min: 0, max: 100, integer: true }),
  solidComponent: yesNo('solid component'),
  colorScore: choiceField('colour score', ['1', '2', '3', '4']),
  outerContour: choiceField('outer contour', ['smooth', 'irregular']),
  shadowing: yesNo('shadowing'),
  ascites: yesNo('ascites / peritoneal nodules'),
  incomplete: yesNo('incomplete evaluation'),
};

const ADNEXAL =
  /\badnex\w*|\bovar(?:y|ies|ian)\b|\bparaovarian\b|\bhydrosalpinx\b|\bendometrioma\b/i;
const ULTRASOUND =
  /\bultrasound\b|\bsonograph\w*|\bultrasonograph\w*|\bTVUS\b|\btrans(?:vaginal|abdominal)\b|\bDoppler\b/i;

/** Whether a text is about an adnexal lesion on ultrasound (O-RADS MRI is another system). */
export function isAdnexalUsText(text: string): boolean {
  if (/\bO-?RADS\s+MRI?\b/i.test(text)) return false;
  return (
    /\bO-?RADS\b/i.test(text) ||
    (ADNEXAL.test(text) && (ULTRASOUND.test(text) || /\bUS\b/.test(text)))
  );
}

// The first lesion type the text states wins: specific benign lesions before the descriptive cyst types.
const LESIONS: readonly [RegExp, AdnexalLesion][] = [
  [/\bhydrosalpinx\b/, 'hydrosalpinx'],
  [/\bparaovarian cyst\b/, 'paraovarian'],
  [/\bperitoneal inclusion cyst\b/, 'peritoneal-inclusion'],
  [/\bendometrioma\b/, 'endometrioma'],
  [/\bdermoid\b|\bmature cystic teratoma\b/, 'dermoid'],
  [/\bh(?:a)?emorrhagic cyst\b/, 'hemorrhagic'],
  [/\bcorpus luteum\b/, 'corpus-luteum'],
  [/\bmultilocular\b|\bmultiloculated\b/, 'multilocular'],
  [/\bbilocular\b/, 'bilocular'],
  [/\bunilocular\b/, 'unilocular'],
  [/\bsimple (?:ovarian |adnexal )?cyst\b|\banechoic (?:ovarian |adnexal )?cyst\b/, 'simple-cyst'],
  [
    /\bsolid (?:\w+ )?(?:adnexal |ovarian )?(?:mass|lesion|tumou?r)\b|\b(?:mass|lesion) is (?:entirely |predominantly )?solid\b/,
    'solid',
  ],
  [/\bnormal (?:appearing )?ovar(?:y|ies)\b/, 'normal'],
];

const COUNTS: Record<string, number> = { a: 1, one: 1, single: 1, two: 2, three: 3, four: 4 };
const FLOW: readonly [RegExp, ColorScore][] = [
  [
    /\b(?:very strong|strong|marked|abundant) (?:internal )?(?:flow|vascularity)\b|\bhypervascular\b/,
    4,
  ],
  [/\bmoderate (?:internal )?(?:flow|vascularity)\b/, 3],
  [/\bminimal (?:internal )?(?:flow|vascularity)\b/, 2],
  [/\bno (?:internal |detectable )?(?:flow|vascularity)\b|\bavascular\b/, 1],
];
const SCORES = ['1', '2', '3', '4'] as const;

/** Reads lesion type, size, menopause and the wall, solid, flow and contour features of an adnexal lesion, only where stated. */
export function readORadsFacts(text: string): ORadsFacts {
  const facts: ORadsFacts = {};
  const lesion = LESIONS.find(([p]) => said(text, p))?.[1];
  if (lesion) facts.lesion = lesion;
  const size = largestSizeMm(
    text,
    /\bcyst|\bmass\b|\blesion|\bendometrioma|\bdermoid|\bhydrosalpinx|\btumou?r/i,
  );
  if (size !== undefined) facts.sizeCm = Math.round(size) / 10;
  if (/\bpost-?menopausal\b/i.test(text)) facts.menopause = 'post';
  else if (/\bpre-?menopausal\b/i.test(text)) facts.menopause = 'pre';
  if (said(text, /\birregular (?:inner )?walls?\b|\b(?:inner )?wall irregularit/))
    facts.innerWall = 'irregular';
  else if (said(text, /\bsmooth (?:inner |thin )?walls?\b|\bthin,? smooth walls?\b/))
    facts.innerWall = 'smooth';
  const papillary =
    /\b(a|one|single|two|three|four|\d+)\s+(?:or more\s+)?papillary projections?\b/i.exec(text);
  if (/\b(?:no|without)\s+papillary projections?\b/i.test(text)) facts.papillary = 0;
  else if (papillary?.[1])
    facts.papillary = COUNTS[papillary[1].toLowerCase()] ?? Number(papillary[1]);
  const solid = statedYesNo(text, /\bsolid (?:component|area|portion|element|nodule)s?\b/);
  if (solid) facts.solidComponent = solid;
  const score = /\b(?:colou?r score|CS)\s*(?:of\s*)?([1-4])\b/i.exec(text)?.[1];
  const flow = FLOW.find(([p]) => p.test(text))?.[1];
  const colour = SCORES.find((s) => s === score) ?? (flow ? SCORES[flow - 1] : undefined);
  if (colour) facts.colorScore = colour;
  if (said(text, /\birregular (?:outer )?(?:contour|margins?|borders?)\b/))
    facts.outerContour = 'irregular';
  else if (
    said(text, /\bsmooth (?:outer )?(?:contour|margins?|borders?)\b|\bwell-?circumscribed\b/)
  )
    facts.outerContour = 'smooth';
  const shadowing = statedYesNo(text, /\b(?:acoustic |posterior )?shadowing\b/);
  if (shadowing) facts.shadowing = shadowing;
  const ascites = statedYesNo(text, /\bascites\b|\bperitoneal (?:nodules|nodularity|implants)\b/);
  if (ascites) facts.ascites = ascites;
  return facts;
}

const MODEL_CATEGORY = /\bO-?RADS(?:\s+US)?(?:\s+v?2022)?\s*(?:category\s*)?([0-5])\b/gi;
const PRIOR_CONTEXT = /\b(?:previously|prior|was|initially|before)\b[^.;,]{0,30}$/i;
const CATEGORIES: readonly ORadsCategory[] = ['0', '1', '2', '3', '4', '5'];

/** The O-RADS category a text names ("O-RADS 3", "O-RADS US category 4"), skipping one named as the prior. */
export function readORadsCategory(text: string): ORadsCategory | undefined {
  for (const m of text.matchAll(MODEL_CATEGORY)) {
    if (PRIOR_CONTEXT.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))) continue;
    return CATEGORIES.find((c) => c === m[1]);
  }
  return undefined;
}

// The calculator's "is needed" refusals, by the input they ask for.
const NEEDS: readonly [RegExp, keyof ORadsFacts][] = [
  [/the lesion type is needed/, 'lesion'],
  [/maximum diameter/, 'sizeCm'],
  [/menopausal status/, 'menopause'],
  [/inner wall/, 'innerWall'],
  [/solid component is needed/, 'solidComponent'],
  [/colour score \(1–4\) is needed/, 'colorScore'],
  [/outer contour/, 'outerContour'],
  [/shadows/, 'shadowing'],
];

const COLOR_SCORES: Record<'1' | '2' | '3' | '4', ColorScore> = { '1': 1, '2': 2, '3': 3, '4': 4 };
const yes = (v: YesNo | undefined) => (v === undefined ? undefined : v === 'yes');

/**
 * The O-RADS US v2022 check of one run: the lesion and its features read
 * from the steps (the user's corrections override them), the category when
 * the inputs decide it, and a contradiction when the model names another
 * category. The table's inputs depend on the lesion type, so the next one
 * the table needs is asked for. Null when the run is not about an adnexal
 * lesion on ultrasound.
 */
export function checkORads(
  steps: readonly string[],
  answer: string,
  overrides: ORadsFacts = {},
): ORadsCheck | null {
  const text = steps.join('\n');
  const all = `${text}\n${answer}`;
  if (!isAdnexalUsText(all)) return null;
  const inputs = { ...readORadsFacts(all), ...overrides };
  const base = { calculator: 'o-rads-us-2022' as const, inputs, contradiction: null };
  let result: ORadsResult;
  try {
    result = oRadsUs2022({
      ...inputs,
      solidComponent: yes(inputs.solidComponent),
      shadowing: yes(inputs.shadowing),
      ascites: inputs.ascites === 'yes',
      incomplete: inputs.incomplete === 'yes',
      colorScore: inputs.colorScore === undefined ? undefined : COLOR_SCORES[inputs.colorScore],
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const need = NEEDS.find(([p]) => p.test(error.message))?.[1];
    if (need && inputs[need] === undefined) return { ...base, missing: [need], result: null };
    return { ...base, missing: [], result: null, refusal: error.message.replace(/^\w+: /, '') };
  }
  const modelCategory = readORadsCategory(answer) ?? readORadsCategory(text);
  const contradiction =
    modelCategory !== undefined && modelCategory !== result.category
      ? `The model gives O-RADS ${modelCategory}; O-RADS US v2022 for these features gives ${result.recommendation.replace(/\.$/, '')}.`
      : null;
  return {
    ...base,
    missing: [],
    result,
    ...(modelCategory !== undefined ? { modelCategory } : {}),
    contradiction,
  };
}
