import {
  bosniak2019,
  type BosniakClass,
  type BosniakInput,
  type BosniakResult,
  type CtPhase,
  type MriSignal,
} from './bosniak2019';
import { choiceField, numberField, sizeField, type CheckFields } from './checkFields';
import { valuesIn } from '../extractQuantities';
import { saidInText as said, statedYesNo } from './saidInText';

/** What the reasoning said about a cystic renal mass; yes/no inputs as the card's controls give them. */
export type BosniakFacts = {
  [K in keyof BosniakInput]?: BosniakInput[K] extends boolean | undefined
    ? 'yes' | 'no'
    : NonNullable<BosniakInput[K]>;
};

export interface BosniakCheck {
  calculator: 'bosniak-2019';
  inputs: BosniakFacts;
  /** Inputs the classification needs that the text does not give: asked for, never guessed. */
  missing: (keyof BosniakFacts)[];
  result: BosniakResult | null;
  refusal?: string;
  modelClass?: BosniakClass;
  contradiction: string | null;
}

const yesNo = (label: string) => choiceField(label, ['yes', 'no']);

/** The Bosniak inputs as the calculator page and the Guideline check card edit them. */
export const BOSNIAK_FIELDS: CheckFields<BosniakFacts> = {
  modality: choiceField('modality', ['ct', 'mri']),
  phase: choiceField('CT phase', ['unenhanced', 'portal-venous', 'renal-mass']),
  wallMm: numberField('wall (mm)', { min: 0, max: 100 }),
  septa: numberField('septa', { min: 0, max: 1000, integer: true }),
  septaMm: sizeField('thickest septum (mm)'),
  enhancing: yesNo('wall / septa / protrusion enhance'),
  protrusionMm: sizeField('protrusion (mm)'),
  protrusionMargin: choiceField('protrusion margin', ['obtuse', 'acute']),
  hu: numberField('attenuation (HU)', { min: -1000, max: 3000 }),
  enhancementHu: numberField('rise in attenuation (HU)', { min: -1000, max: 3000 }),
  mriSignal: choiceField('MRI signal', ['simple', 't2-bright', 't1-bright', 't1-heterogeneous']),
  calcification: yesNo('calcification'),
  tooSmall: yesNo('too small to characterise'),
};

/** Whether a text is about a cystic renal mass. */
export function isRenalCystText(text: string): boolean {
  return (
    /\bBosniak\b/i.test(text) ||
    (/\b(?:renal|kidneys?|nephric)\b/i.test(text) && /\bcyst(?:s|ic)?\b/i.test(text))
  );
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, single: 1, two: 2, three: 3 };
// Thin ≤ 2 mm, minimally thickened 3 mm, thick ≥ 4 mm (Silverman 2019, table 1): a word stands for its class.
const THICKNESS: readonly [RegExp, number][] = [
  [/\bminimally thick(?:ened)?\b/, 3],
  [/\b(?:hairline[- ])?thin\b|\bimperceptible\b/, 2],
  [/\bthick(?:ened)?\b|\bnodular\b/, 4],
];

/** The thickness a text gives a wall or septum: "3 mm wall", "wall measuring 4 mm", "thin wall". */
function thicknessOf(text: string, part: string): number | undefined {
  const mm = String.raw`(\d+(?:\.\d+)?)\s*-?\s*mm`;
  const m =
    new RegExp(String.raw`${mm}(?:[- ]thick)?\s+(?:\w+\s+){0,2}?${part}`, 'i').exec(text) ??
    new RegExp(
      String.raw`${part}\w*\s+(?:(?:is|are|measuring|measures|of|up to|thickness of)\s+){1,2}${mm}`,
      'i',
    ).exec(text);
  if (m) return Number(m[1]);
  for (const [word, value] of THICKNESS)
    if (said(text, new RegExp(String.raw`${word.source}[\w ,-]{0,20}?\b${part}`))) return value;
  return undefined;
}

const PHASES: readonly [RegExp, CtPhase][] = [
  [/\brenal[- ]mass protocol\b|\bnephrographic\b|\bmulti-?phas/, 'renal-mass'],
  [/\bportal[- ]venous\b/, 'portal-venous'],
  [/\bunenhanced\b|\bnon-?contrast\b|\bwithout contrast\b/, 'unenhanced'],
];

const SIGNALS: readonly [RegExp, MriSignal][] = [
  [
    /\bheterogeneous(?:ly)? T1[- ](?:hyperintense|bright)|\bT1[- ]hyperintense\b[^.;]{0,20}heterogeneous/,
    't1-heterogeneous',
  ],
  [/\bT1[- ](?:hyperintense|bright)|\bhyperintense on T1/, 't1-bright'],
  [/\bsimple fluid signal\b|\bsimple (?:cyst|fluid) on MRI\b/, 'simple'],
  [
    /\b(?:markedly |homogeneously )?T2[- ](?:hyperintense|bright)|\bhyperintense on T2/,
    't2-bright',
  ],
];

/** Reads modality, phase, wall, septa, enhancement, protrusion and contents of a cystic renal mass, only where stated. */
export function readBosniakFacts(text: string): BosniakFacts {
  const facts: BosniakFacts = {};
  const mri = /\bMRI?\b|\bmagnetic resonance\b|\bT[12][- ]?(?:weighted|hyper|bright)/i.exec(text);
  const ct = /\bCT\b|\bcomputed tomography\b|\bHU\b|\bHounsfield\b/i.exec(text);
  if (mri && (!ct || mri.index < ct.index)) facts.modality = 'mri';
  else if (ct) facts.modality = 'ct';
  const phase = PHASES.find(([p]) => said(text, p))?.[1];
  if (phase) facts.phase = phase;
  const simple = said(text, /\bsimple(?:-appearing)? (?:renal )?cyst\b/);
  const wall = thicknessOf(text, 'walls?') ?? (simple ? 2 : undefined);
  if (wall !== undefined) facts.wallMm = wall;
  const count =
    /\b(a|an|one|single|two|three|\d+)\s+(?:\w+\s+){0,2}?(?:septa|septum|septations?)\b/i.exec(
      text,
    );
  if (/\b(?:no|without)\s+(?:\w+\s+)?(?:septa|septum|septations?)\b/i.test(text)) facts.septa = 0;
  else if (
    said(
      text,
      /\b(?:many|numerous|innumerable|multiple|more than three|four or more)\s+(?:\w+\s+){0,2}?(?:septa|septations)\b/,
    )
  )
    facts.septa = 4;
  else if (said(text, /\bfew\s+(?:\w+\s+){0,2}?(?:septa|septations)\b/)) facts.septa = 3;
  else if (count?.[1]) facts.septa = NUMBER_WORDS[count[1].toLowerCase()] ?? Number(count[1]);
  else if (simple) facts.septa = 0;
  if (facts.septa) {
    const septum = thicknessOf(text, '(?:septa|septum|septations?)');
    if (septum !== undefined) facts.septaMm = septum;
  }
  const protrusion =
    /(\d+(?:\.\d+)?)\s*-?\s*mm\s+(?:\w+\s+){0,2}?(?:nodule|protrusion|nodular (?:component|protrusion))\b|\b(?:nodule|protrusion)\s+(?:measuring|of)\s+(\d+(?:\.\d+)?)\s*mm/i.exec(
      text,
    );
  const noNodule =
    /\b(?:no|without)\s+(?:\w+\s+){0,2}?(?:nodules?|nodularity|protrusions?|solid component)\b/i.test(
      text,
    );
  if (protrusion && !noNodule) facts.protrusionMm = Number(protrusion[1] ?? protrusion[2]);
  if (said(text, /\bacute(?:ly)? (?:angled |angle )?margins?\b|\bacute angles?\b/))
    facts.protrusionMargin = 'acute';
  else if (said(text, /\bobtuse(?:ly)? (?:angled |angle )?margins?\b|\bobtuse angles?\b/))
    facts.protrusionMargin = 'obtuse';
  // One enhancing structure is enough: "a non-enhancing wall but an enhancing nodule" enhances.
  if (
    said(
      text,
      /(?<!non-?)\benhancing (?:[\w-]+ ){0,3}?(?:walls?|septa|septum|septations?|nodule|protrusion|component)\b|\b(?:walls?|septa|septum|septations?|nodule) (?:that )?(?:enhances?|enhancing|shows? (?:\w+ )?enhancement)\b|\b(?:measurable|avid) enhancement\b/,
    )
  )
    facts.enhancing = 'yes';
  else if (
    /\bnon-?enhancing\b|\b(?:no|without) (?:\w+ )?enhancement\b|\bdo(?:es)? not enhance\b/i.test(
      text,
    )
  )
    facts.enhancing = 'no';
  const rise = /\b(?:enhanc|rise|increase)\w*\s+(?:of|by)\s+(-?\d+)\s*HU\b/i.exec(text);
  const fromTo = /\bfrom\s+(-?\d+)\s*(?:HU)?\s+to\s+(-?\d+)\s*HU\b/i.exec(text);
  const hus = valuesIn(text, 'hu');
  if (fromTo) {
    facts.hu = Number(fromTo[1]);
    facts.enhancementHu = Number(fromTo[2]) - Number(fromTo[1]);
  } else {
    if (rise) facts.enhancementHu = Number(rise[1]);
    const contents = hus.find((v) => v !== facts.enhancementHu);
    if (contents !== undefined) facts.hu = contents;
  }
  const signal = SIGNALS.find(([p]) => said(text, p))?.[1];
  if (signal && facts.modality === 'mri') facts.mriSignal = signal;
  const calcification = statedYesNo(text, /\bcalcifi(?:cation|ed)s?\b/);
  if (calcification) facts.calcification = calcification;
  if (said(text, /\btoo small to characteri[sz]e\b|\bTSTC\b/)) facts.tooSmall = 'yes';
  return facts;
}

const CLASSES: Record<string, BosniakClass> = {
  I: 'I',
  '1': 'I',
  II: 'II',
  '2': 'II',
  IIF: 'IIF',
  '2F': 'IIF',
  III: 'III',
  '3': 'III',
  IV: 'IV',
  '4': 'IV',
};
const MODEL_CLASS =
  /\bBosniak\s+(?:v?2019\s+)?(?:class\s+|category\s+|type\s+)?(IIF|IV|III|II|I|2F|[1-4])\b/gi;
const PRIOR_CONTEXT = /\b(?:previously|prior|was|initially|before)\b[^.;,]{0,30}$/i;

/** The Bosniak class a text names ("Bosniak IIF", "Bosniak 2019 class 3"), skipping one named as the prior. */
export function readBosniakClass(text: string): BosniakClass | undefined {
  for (const m of text.matchAll(MODEL_CLASS)) {
    if (PRIOR_CONTEXT.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))) continue;
    const found = CLASSES[m[1]?.toUpperCase() ?? ''];
    if (found) return found;
  }
  return undefined;
}

// The calculator's "is needed" refusals, by the input they ask for.
const NEEDS: readonly [RegExp, keyof BosniakFacts][] = [
  [/--enhancing\b/, 'enhancing'],
  [/--enhancement-hu\b/, 'enhancementHu'],
  [/--hu\b/, 'hu'],
  [/--septa-mm\b/, 'septaMm'],
  [/protrusion needs its margin/, 'protrusionMargin'],
  [/needs its phase/, 'phase'],
  [/MRI needs the signal/, 'mriSignal'],
];

const yes = (v: 'yes' | 'no' | undefined) => (v === undefined ? undefined : v === 'yes');

/**
 * The Bosniak 2019 check of one run: the features of a cystic renal mass
 * read from the steps (the user's corrections override them), the class
 * when every input it needs is known, and a contradiction when the model
 * names another class. Inputs needed only on some paths (the septum
 * thickness, the enhancement, HU at CT) are asked for when the path reaches
 * them. Null when the run is not about a renal cyst.
 */
export function checkBosniak(
  steps: readonly string[],
  answer: string,
  overrides: BosniakFacts = {},
): BosniakCheck | null {
  const text = steps.join('\n');
  const all = `${text}\n${answer}`;
  if (!isRenalCystText(all)) return null;
  const inputs = { ...readBosniakFacts(all), ...overrides };
  const base = { calculator: 'bosniak-2019' as const, inputs, contradiction: null };
  const missing: (keyof BosniakFacts)[] = (['modality', 'wallMm', 'septa'] as const).filter(
    (k) => inputs[k] === undefined,
  );
  if (inputs.modality === 'ct' && !inputs.phase) missing.push('phase');
  if (
    missing.length > 0 ||
    !inputs.modality ||
    inputs.wallMm === undefined ||
    inputs.septa === undefined
  )
    return { ...base, missing, result: null };
  let result: BosniakResult;
  try {
    result = bosniak2019({
      modality: inputs.modality,
      phase: inputs.modality === 'ct' ? inputs.phase : undefined,
      wallMm: inputs.wallMm,
      septa: inputs.septa,
      septaMm: inputs.septaMm,
      enhancing: yes(inputs.enhancing),
      protrusionMm: inputs.protrusionMm,
      protrusionMargin: inputs.protrusionMargin,
      hu: inputs.modality === 'ct' ? inputs.hu : undefined,
      enhancementHu: inputs.modality === 'ct' ? inputs.enhancementHu : undefined,
      mriSignal: inputs.modality === 'mri' ? inputs.mriSignal : undefined,
      calcification: inputs.calcification === 'yes',
      tooSmall: inputs.tooSmall === 'yes',
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const need = NEEDS.find(([p]) => p.test(error.message))?.[1];
    if (need && inputs[need] === undefined) return { ...base, missing: [need], result: null };
    return { ...base, missing: [], result: null, refusal: error.message.replace(/^\w+: /, '') };
  }
  const modelClass = readBosniakClass(answer) ?? readBosniakClass(text);
  const contradiction =
    modelClass !== undefined && modelClass !== result.category
      ? `The model gives Bosniak ${modelClass}; Bosniak 2019 for these features gives ${result.recommendation.replace(/\.$/, '')}.`
      : null;
  return {
    ...base,
    missing: [],
    result,
    ...(modelClass !== undefined ? { modelClass } : {}),
    contradiction,
  };
}
