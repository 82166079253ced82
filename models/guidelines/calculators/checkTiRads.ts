import { choiceField, listField, sizeField, type CheckFields } from './checkFields';
import { readNoduleFacts } from './checkFleischner';
import { saidInText as said } from './saidInText';
import {
  tiRads2017,
  type Composition,
  type EchogenicFocus,
  type Echogenicity,
  type Margin,
  type Shape,
  type TiRadsLevel,
  type TiRadsResult,
} from './tiRads2017';

/** What the reasoning said about a thyroid nodule; a field is absent when the text does not say it. */
export interface ThyroidFacts {
  composition?: Composition;
  echogenicity?: Echogenicity;
  shape?: Shape;
  margin?: Margin;
  foci?: EchogenicFocus[];
  sizeMm?: number;
}

export interface TiRadsCheck {
  calculator: 'acr-ti-rads-2017';
  inputs: ThyroidFacts;
  /** Inputs the points need that the text does not give: asked for, never guessed. */
  missing: (keyof ThyroidFacts)[];
  result: TiRadsResult | null;
  /** The TR level and action the model names, when it names them. */
  modelLevel?: TiRadsLevel;
  modelAction?: TiRadsResult['action'];
  contradiction: string | null;
}

/** Whether a text is about a thyroid nodule. */
export function isThyroidText(text: string): boolean {
  return /\bthyroid\b|\bTI-?RADS\b/i.test(text) && /\bnodul|\bTI-?RADS\b/i.test(text);
}

// The first pattern that the text states (not negated) gives the value; order matters ("very hypoechoic" before "hypoechoic").
function first<T>(text: string, table: readonly [RegExp, T][]): T | undefined {
  return table.find(([pattern]) => said(text, pattern))?.[1];
}

const COMPOSITION: readonly [RegExp, Composition][] = [
  [/\bspongiform\b/, 'spongiform'],
  [
    /\b(?:mixed (?:cystic and solid|solid and cystic)|partially cystic|predominantly (?:solid|cystic)|complex cystic)\b/,
    'mixed',
  ],
  [/\b(?:purely |entirely |almost completely )?cystic nodule\b|\bsimple cyst\b/, 'cystic'],
  [/\b(?:entirely |completely |almost completely )?solid\b/, 'solid'],
];
const ECHOGENICITY: readonly [RegExp, Echogenicity][] = [
  [/\b(?:very|markedly) hypoechoic\b/, 'very-hypoechoic'],
  [/\bhypoechoic\b/, 'hypoechoic'],
  [/\bisoechoic\b/, 'isoechoic'],
  [/\bhyperechoic\b(?! (?:foc|spot|dot))/, 'hyperechoic'],
  [/\banechoic\b/, 'anechoic'],
];
const MARGIN: readonly [RegExp, Margin][] = [
  [/\bextra-?thyroidal (?:extension|invasion|spread)\b/, 'extrathyroidal'],
  [/\blobulated\b/, 'lobulated'],
  [
    /\b(?:irregular|spiculated|jagged) (?:margins?|borders?|outline|contour)\b|\bmargins? (?:are|is) irregular\b/,
    'irregular',
  ],
  [/\bill-?defined\b/, 'ill-defined'],
  [
    /\b(?:smooth|well-?defined|well-?circumscribed|circumscribed) (?:margins?|borders?|outline|nodule)\b|\bmargins? (?:are|is) smooth\b/,
    'smooth',
  ],
];
const FOCI: readonly [RegExp, EchogenicFocus][] = [
  [
    /\bmicrocalcifications?\b|\bpunctate echogenic foci\b|\bpunctate (?:calcifications?|foci)\b/,
    'punctate',
  ],
  [/\bmacrocalcifications?\b|\bcoarse calcifications?\b/, 'macro'],
  [/\b(?:rim|peripheral|eggshell) calcifications?\b/, 'rim'],
  [/\bcomet[- ]tail\b/, 'comet-tail'],
];

/** Reads the five TI-RADS feature categories and the size of a thyroid nodule, only where the text states them. */
export function readThyroidFacts(text: string): ThyroidFacts {
  const facts: ThyroidFacts = {};
  const composition = first(text, COMPOSITION);
  if (composition) facts.composition = composition;
  const echogenicity = first(text, ECHOGENICITY);
  if (echogenicity) facts.echogenicity = echogenicity;
  if (said(text, /\btaller[- ]than[- ]wide\b/)) facts.shape = 'taller-than-wide';
  else if (/\b(?:wider[- ]than[- ]tall|not taller[- ]than[- ]wide)\b/i.test(text))
    facts.shape = 'wider-than-tall';
  const margin = first(text, MARGIN);
  if (margin) facts.margin = margin;
  const foci = FOCI.filter(([pattern]) => said(text, pattern)).map(([, focus]) => focus);
  if (foci.length > 0) facts.foci = foci;
  else if (/\b(?:no|without) (?:echogenic foci|calcifications?|microcalcifications?)\b/i.test(text))
    facts.foci = ['none'];
  const size = readNoduleFacts(text).sizeMm;
  if (size !== undefined) facts.sizeMm = size;
  return facts;
}

const LEVELS: readonly TiRadsLevel[] = ['TR1', 'TR2', 'TR3', 'TR4', 'TR5'];

/** The TR level a text names ("TR4", "TI-RADS 4", "TI-RADS category 5"), if any. */
export function readTiRadsLevel(text: string): TiRadsLevel | undefined {
  const m = /\bTR\s*([1-5])\b|\bTI-?RADS\s*(?:category\s*|level\s*)?(?:TR\s*)?([1-5])\b/i.exec(
    text,
  );
  const digit = m?.[1] ?? m?.[2];
  return LEVELS.find((level) => level === `TR${digit}`);
}

// "FNA is not needed", "no biopsy": the action is named and refused.
const REFUSED =
  /\b(?:no|not|without)\b(?:\W+\w+){0,2}\W+(?:FNA|biopsy|fine[- ]needle)|\b(?:FNA|biopsy)\b(?:\W+\w+){0,2}\W+(?:not|unnecessary)\b/i;

/** The action a text recommends for the nodule: FNA, ultrasound follow-up, or none, if it names one. */
export function readThyroidAction(text: string): TiRadsResult['action'] | undefined {
  const refused = REFUSED.test(text);
  if (!refused && /\bFNA\b|\bfine[- ]needle aspiration\b|\bbiopsy\b/i.test(text)) return 'fna';
  if (
    said(
      text,
      /\b(?:follow[- ]?up|surveillance|repeat) (?:ultrasound|US|imaging|sonography)\b|\bultrasound (?:follow[- ]?up|surveillance)\b/,
    )
  )
    return 'follow-up';
  if (refused || /\bno (?:further )?(?:follow[- ]?up|action|intervention)\b/i.test(text))
    return 'none';
  return undefined;
}

/** The TI-RADS check's inputs as the Guideline check card edits them. */
export const TI_RADS_FIELDS: CheckFields<ThyroidFacts> = {
  composition: choiceField('composition', ['cystic', 'spongiform', 'mixed', 'solid']),
  echogenicity: choiceField('echogenicity', [
    'anechoic',
    'hyperechoic',
    'isoechoic',
    'hypoechoic',
    'very-hypoechoic',
  ]),
  shape: choiceField('shape', ['wider-than-tall', 'taller-than-wide']),
  margin: choiceField('margin', [
    'smooth',
    'ill-defined',
    'lobulated',
    'irregular',
    'extrathyroidal',
  ]),
  foci: listField('echogenic foci', ['none', 'comet-tail', 'macro', 'rim', 'punctate']),
  sizeMm: sizeField('maximum diameter (mm)'),
};

const ACTION_WORDS: Record<TiRadsResult['action'], string> = {
  fna: 'FNA',
  'follow-up': 'ultrasound follow-up',
  none: 'neither FNA nor follow-up',
};

/**
 * The ACR TI-RADS 2017 check of one run: the five feature categories and the
 * size read from the steps (the user's corrections override them), the level
 * and action when every input is known, and a contradiction when the model
 * names another TR level or another action. A spongiform nodule needs no
 * other feature. Null when the run is not about a thyroid nodule.
 */
export function checkTiRads(
  steps: readonly string[],
  answer: string,
  overrides: ThyroidFacts = {},
): TiRadsCheck | null {
  const text = steps.join('\n');
  if (!isThyroidText(`${text}\n${answer}`)) return null;
  const inputs = { ...readThyroidFacts(`${text}\n${answer}`), ...overrides };
  const needed: (keyof ThyroidFacts)[] =
    inputs.composition === 'spongiform'
      ? ['composition', 'sizeMm']
      : ['composition', 'echogenicity', 'shape', 'margin', 'foci', 'sizeMm'];
  const missing = needed.filter((k) => inputs[k] === undefined);
  const base = { calculator: 'acr-ti-rads-2017' as const, inputs, missing, contradiction: null };
  if (missing.length > 0 || !inputs.composition || inputs.sizeMm === undefined)
    return { ...base, result: null };
  // A spongiform nodule scores 0 whatever else is said; the calculator ignores these placeholders.
  const result = tiRads2017({
    composition: inputs.composition,
    echogenicity: inputs.echogenicity ?? 'isoechoic',
    shape: inputs.shape ?? 'wider-than-tall',
    margin: inputs.margin ?? 'smooth',
    foci: inputs.foci ?? ['none'],
    sizeMm: inputs.sizeMm,
  });
  const modelLevel = readTiRadsLevel(answer) ?? readTiRadsLevel(text);
  const modelAction = readThyroidAction(answer);
  const table = `ACR TI-RADS for these features gives ${result.recommendation.replace(/\.$/, '')}`;
  let contradiction: string | null = null;
  if (modelLevel !== undefined && modelLevel !== result.level)
    contradiction = `The model gives ${modelLevel}; ${table}.`;
  else if (modelAction !== undefined && modelAction !== result.action)
    contradiction = `The model recommends ${ACTION_WORDS[modelAction]}; ${table}.`;
  return {
    ...base,
    result,
    ...(modelLevel !== undefined ? { modelLevel } : {}),
    ...(modelAction !== undefined ? { modelAction } : {}),
    contradiction,
  };
}
