import { choiceField, sizeField, type CheckFields } from './checkFields';
import { largestSizeMm } from './largestSizeMm';
import { liRads2018, type LiRadsCategory, type LiRadsResult } from './liRads2018';
import { saidInText as said, statedYesNo } from './saidInText';

type YesNo = 'yes' | 'no';

/** What the reasoning said about a liver observation; a field is absent when the text does not say it. */
export interface LiRadsFacts {
  /** Cirrhosis, chronic hepatitis B or current / prior HCC: the population LI-RADS CT/MRI is for. */
  atRisk?: YesNo;
  aphe?: YesNo;
  sizeMm?: number;
  washout?: YesNo;
  capsule?: YesNo;
  thresholdGrowth?: YesNo;
}

export interface LiRadsCheck {
  calculator: 'li-rads-2018';
  inputs: LiRadsFacts;
  /** Inputs that change the category and that the text does not give: asked for, never guessed. */
  missing: (keyof LiRadsFacts)[];
  result: LiRadsResult | null;
  refusal?: string;
  /** The LR category the model names, when it names one. */
  modelCategory?: string;
  contradiction: string | null;
}

const yesNo = (label: string) => choiceField(label, ['yes', 'no']);

/** The LI-RADS major features as the calculator page and the Guideline check card edit them. */
export const LI_RADS_MAJOR_FIELDS = {
  aphe: yesNo('nonrim APHE'),
  sizeMm: sizeField('size (mm)'),
  washout: yesNo('nonperipheral washout'),
  capsule: yesNo('enhancing capsule'),
  thresholdGrowth: yesNo('threshold growth'),
} as const;

/** The LI-RADS check's inputs: the population first, then the major features. */
export const LI_RADS_FIELDS: CheckFields<LiRadsFacts> = {
  atRisk: yesNo('high risk of HCC (cirrhosis, HBV, HCC)'),
  ...LI_RADS_MAJOR_FIELDS,
};

const LIVER = /\b(?:liver|hepatic|hepatocellular|segment\s+[IVX1-8]+)\b/i;
const OBSERVATION = /\bobservation|\blesion|\bnodul|\bmass\b|\bLI-?RADS\b|\bLR-?[1-5M]\b/i;
const AT_RISK =
  /(?<!non-?)\bcirrho(?:sis|tic)\b|\bchronic hepatitis B\b|\bchronic HBV\b|\b(?:prior|previous|history of|treated) (?:\w+ )?HCC\b/;
const NOT_AT_RISK =
  /\bnon-?cirrhotic\b|\bno (?:known )?(?:cirrhosis|liver disease|risk factors?)\b|\bwithout (?:cirrhosis|liver disease|risk factors)\b|\bnormal liver\b/i;

/** Whether a text is about a liver observation LI-RADS could categorise (the population is checked as an input). */
export function isLiverObservationText(text: string): boolean {
  if (/\bLI-?RADS\b|\bLR-(?:[1-5]|M|TIV)\b/i.test(text)) return true;
  return (
    LIVER.test(text) &&
    OBSERVATION.test(text) &&
    (said(text, AT_RISK) || /\barterial phase\b|\bAPHE\b|\bwash-?out\b/i.test(text))
  );
}

const APHE =
  /\b(?:nonrim |non-rim )?(?:arterial (?:phase )?hyper-?enhanc\w*|APHE)\b|\bhyper-?enhanc\w* (?:in|on|during) the (?:late )?arterial phase\b|\barterial(?:ly)? (?:phase )?enhancing\b/;
const WASHOUT = /\b(?:nonperipheral |non-peripheral )?wash-?out\b/;
const CAPSULE = /\b(?:enhancing |pseudo)?capsule\b|\bcapsular enhancement\b/;
const GROWTH = /\bthreshold growth\b|\b(?:grown|increase[ds]?|grew) by (?:50|[5-9]\d|\d{3}) ?%/;

/** Reads the population, size and major features of a liver observation, only where the text states them. */
export function readLiRadsFacts(text: string): LiRadsFacts {
  const facts: LiRadsFacts = {};
  // Chronic hepatitis B puts a patient at risk with or without cirrhosis, so a risk stated wins.
  if (said(text, AT_RISK)) facts.atRisk = 'yes';
  else if (NOT_AT_RISK.test(text)) facts.atRisk = 'no';
  const rim = said(text, /\brim (?:arterial (?:phase )?hyper-?enhanc\w*|APHE)\b/);
  // Rim APHE is an LR-M feature, not the nonrim APHE of the table.
  let aphe = rim && !said(text, /\bnon-?rim\b/) ? 'no' : statedYesNo(text, APHE);
  if (
    aphe === undefined &&
    /\b(?:hypo|iso)-?(?:enhanc\w*|attenuating|intense) (?:in|on|during) the arterial phase\b/i.test(
      text,
    )
  )
    aphe = 'no';
  if (aphe) facts.aphe = aphe;
  const washout = statedYesNo(text, WASHOUT);
  if (washout) facts.washout = washout;
  const capsule = statedYesNo(text, CAPSULE);
  if (capsule) facts.capsule = capsule;
  const growth = statedYesNo(text, GROWTH);
  if (growth) facts.thresholdGrowth = growth;
  else if (
    /\bno (?:prior|previous|comparison) (?:imaging|studies|study|exams?)\b|\b(?:stable|unchanged) in size\b/i.test(
      text,
    )
  )
    facts.thresholdGrowth = 'no';
  const size = largestSizeMm(text, /\bobservation|\blesion|\bnodul|\bmass\b|\bfocus\b/i);
  if (size !== undefined) facts.sizeMm = size;
  return facts;
}

const MODEL_CATEGORY = /\b(?:LR-?|LI-?RADS\s*(?:category\s*)?(?:LR-?)?)(1|2|3|4|5|M|TIV)\b/gi;
const PRIOR_CONTEXT = /\b(?:previously|prior|was|initially|before)\b[^.;,]{0,30}$/i;

/** The LI-RADS category a text names ("LR-4", "LI-RADS 5", "LR-M"), skipping one named as the prior. */
export function readLiRadsCategory(text: string): string | undefined {
  for (const m of text.matchAll(MODEL_CATEGORY)) {
    if (PRIOR_CONTEXT.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))) continue;
    return `LR-${m[1]?.toUpperCase()}`;
  }
  return undefined;
}

const FEATURES = ['washout', 'capsule', 'thresholdGrowth'] as const;
const TABLE: readonly LiRadsCategory[] = ['LR-3', 'LR-4', 'LR-5'];

/**
 * The LI-RADS v2018 CT/MRI check of one run: population, size and major
 * features read from the steps (the user's corrections override them), the
 * category when the inputs decide it, and a contradiction when the model
 * names another table category (LR-3/4/5; LR-M and LR-TIV are assessed
 * before the table and are not contradicted here). An additional feature
 * the text does not mention is asked for only when it would change the
 * category. Null when the run is not about a liver observation.
 */
export function checkLiRads(
  steps: readonly string[],
  answer: string,
  overrides: LiRadsFacts = {},
): LiRadsCheck | null {
  const text = steps.join('\n');
  const all = `${text}\n${answer}`;
  if (!isLiverObservationText(all)) return null;
  const inputs = { ...readLiRadsFacts(all), ...overrides };
  const base = { calculator: 'li-rads-2018' as const, inputs, contradiction: null };
  const upfront = (['atRisk', 'aphe', 'sizeMm'] as const).filter((k) => inputs[k] === undefined);
  if (inputs.atRisk === 'no')
    return {
      ...base,
      missing: [],
      result: null,
      refusal:
        'LI-RADS CT/MRI applies only to patients at high risk of HCC (cirrhosis, chronic hepatitis B, current or prior HCC)',
    };
  const unknown = FEATURES.filter((k) => inputs[k] === undefined);
  if (upfront.length > 0 || inputs.aphe === undefined || inputs.sizeMm === undefined)
    return { ...base, missing: [...upfront, ...unknown], result: null };
  const { aphe, sizeMm } = inputs;
  // Every way the unmentioned features could be; asked for only if they disagree.
  const outcomes = Array.from({ length: 2 ** unknown.length }, (_, bits) => {
    const feature = (k: (typeof FEATURES)[number]) =>
      inputs[k] === undefined ? (bits >> unknown.indexOf(k)) % 2 === 1 : inputs[k] === 'yes';
    return liRads2018({
      aphe: aphe === 'yes',
      sizeMm,
      washout: feature('washout'),
      capsule: feature('capsule'),
      thresholdGrowth: feature('thresholdGrowth'),
    });
  });
  const result = outcomes[0]!;
  if (outcomes.some((o) => o.category !== result.category))
    return { ...base, missing: unknown, result: null };
  const modelCategory = readLiRadsCategory(answer) ?? readLiRadsCategory(text);
  const contradiction =
    modelCategory !== undefined &&
    TABLE.some((c) => c === modelCategory) &&
    modelCategory !== result.category
      ? `The model gives ${modelCategory}; LI-RADS v2018 for these features gives ${result.recommendation.replace(/\.$/, '')}.`
      : null;
  return {
    ...base,
    missing: [],
    result,
    ...(modelCategory !== undefined ? { modelCategory } : {}),
    contradiction,
  };
}
