import { choiceField, sizeField, type CheckFields } from './checkFields';
import { readNoduleFacts, readRecommendedMonths } from './checkFleischner';
import {
  LUNG_RADS_FINDINGS,
  lungRads2022,
  type AirwayLevel,
  type CystKind,
  type LungRadsCategory,
  type LungRadsChange,
  type LungRadsFinding,
  type LungRadsResult,
  type LungRadsScan,
  type PriorCategory,
} from './lungRads2022';
import { saidInText as said } from './saidInText';

/** What the reasoning said about a screening finding; a field is absent when the text does not say it. */
export interface LungRadsFacts {
  type?: LungRadsFinding;
  scan?: LungRadsScan;
  change?: LungRadsChange;
  sizeMm?: number;
  solidMm?: number;
  airway?: AirwayLevel;
  cyst?: CystKind;
  prior?: PriorCategory;
  suspicious?: 'yes' | 'no';
}

export interface LungRadsCheck {
  calculator: 'lung-rads-2022';
  inputs: LungRadsFacts;
  /** Inputs the table needs that the text does not give: asked for, never guessed. */
  missing: (keyof LungRadsFacts)[];
  result: LungRadsResult | null;
  /** Why the table gives no category for inputs that are all known (e.g. a simple thin-walled cyst). */
  refusal?: string;
  /** The category the model names, when it names one. */
  modelCategory?: LungRadsCategory;
  contradiction: string | null;
}

const PRIORS: readonly PriorCategory[] = ['2', '3', '4A'];
const CATEGORIES: readonly LungRadsCategory[] = ['0', '1', '2', '3', '4A', '4B', '4X'];

/** Whether a text is about lung cancer screening (where Lung-RADS, not Fleischner, applies). */
export function isScreeningText(text: string): boolean {
  return said(
    text,
    /\bLung-?RADS\b|\blung cancer screening\b|\bscreening (?:low[- ]dose )?CT\b|\bLDCT\b|\blow[- ]dose CT\b/,
  );
}

/** Reads the finding, scan, change, sizes and stepped-management prior from screening text, only where stated. */
export function readLungRadsFacts(text: string): LungRadsFacts {
  const nodule = readNoduleFacts(text);
  const facts: LungRadsFacts = {};
  if (said(text, /\b(?:thick[- ]walled|multilocular|multiloculated)\s+(?:\w+\s+)?cyst/)) {
    facts.type = 'atypical-cyst';
    facts.cyst = said(text, /\bmultilocul/) ? 'multilocular' : 'thick-walled';
  } else if (said(text, /\bthin[- ]walled\s+(?:\w+\s+)?cyst/)) {
    facts.type = 'atypical-cyst';
    facts.cyst = 'thin-walled';
  } else if (said(text, /\b(?:endobronchial|endotracheal|airway) nodul/)) {
    facts.type = 'airway';
    if (said(text, /\bsubsegmental\b/)) facts.airway = 'subsegmental';
    else if (said(text, /\b(?:segmental|lobar|main(?:stem)? bronch|trachea)/))
      facts.airway = 'segmental';
  } else if (
    said(
      text,
      /\b(?:benign|popcorn|central|complete|laminated|concentric) calcification|\bcalcified granuloma|\bfat[- ]containing nodul/,
    )
  ) {
    facts.type = 'benign';
  } else if (said(text, /\b(?:juxtapleural|perifissural|subpleural) nodul/)) {
    facts.type = 'juxtapleural';
  } else if (nodule.type) {
    facts.type = nodule.type;
  } else if (/\bno (?:lung |pulmonary )?nodules?\b/i.test(text)) {
    facts.type = 'none';
  }
  if (nodule.sizeMm !== undefined && facts.type !== 'none' && facts.type !== 'benign')
    facts.sizeMm = nodule.sizeMm;
  if (nodule.solidMm !== undefined && facts.type === 'part-solid') facts.solidMm = nodule.solidMm;
  if (said(text, /\bbaseline\b|\b(?:first|initial|prevalence) (?:screening|scan|LDCT|CT)\b/))
    facts.scan = 'baseline';
  if (said(text, /\b(?:grow(?:n|ing|th)|increas\w* in size|enlarg\w*)\b/)) facts.change = 'growing';
  else if (said(text, /\bnew\b(?:\W+\w+){0,5}?\W+(?:nodul|cyst|opacit)/)) facts.change = 'new';
  else if (said(text, /\b(?:stable|unchanged|decreased in size|smaller)\b/))
    facts.change = 'stable';
  if (facts.change && !facts.scan) facts.scan = 'follow-up';
  else if (
    !facts.scan &&
    said(
      text,
      /\b(?:follow[- ]?up|annual|prior|previous) (?:screening|scan|LDCT|CT)\b|\bcompared with\b/,
    )
  )
    facts.scan = 'follow-up';
  const prior =
    /\b(?:previously|prior|was|initially)\b[^.;]{0,30}?\b(?:Lung-?RADS|category)\s*(2|3|4A)\b/i.exec(
      text,
    )?.[1];
  const priorCategory = PRIORS.find((c) => c === prior?.toUpperCase());
  if (priorCategory) facts.prior = priorCategory;
  if (said(text, /\bspiculat|\benlarged (?:\w+ )?(?:lymph nodes?|nodes)\b|\blymphadenopathy\b/))
    facts.suspicious = 'yes';
  return facts;
}

/** The Lung-RADS category a text names ("Lung-RADS 4A", "category 3"), if any. */
export function readLungRadsCategory(text: string): LungRadsCategory | undefined {
  for (const m of text.matchAll(
    /\b(?:Lung-?RADS|category)\s*(?:category\s*)?(0|1|2|3|4A|4B|4X)\b/gi,
  )) {
    // "previously Lung-RADS 3" is the prior category, not the one the text gives now.
    if (PRIOR_CONTEXT.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))) continue;
    return CATEGORIES.find((c) => c === m[1]?.toUpperCase());
  }
  return undefined;
}

const PRIOR_CONTEXT = /\b(?:previously|prior|was|initially|before)\b[^.;,]{0,30}$/i;

/** The Lung-RADS check's inputs as the Guideline check card edits them. */
export const LUNG_RADS_FIELDS: CheckFields<LungRadsFacts> = {
  type: choiceField('finding', LUNG_RADS_FINDINGS),
  scan: choiceField('scan', ['baseline', 'follow-up']),
  change: choiceField('change', ['new', 'growing', 'stable']),
  sizeMm: sizeField('mean diameter (mm)'),
  solidMm: sizeField('solid part (mm)'),
  airway: choiceField('airway level', ['subsegmental', 'segmental']),
  cyst: choiceField('cyst', ['thin-walled', 'thick-walled', 'multilocular']),
  prior: choiceField('prior category', ['2', '3', '4A']),
  suspicious: choiceField('suspicious features', ['no', 'yes']),
};

const SIZED: readonly LungRadsFinding[] = ['solid', 'part-solid', 'ground-glass', 'juxtapleural'];

/** The inputs the table still needs for these facts, in the order the card shows them. */
function missingInputs(f: LungRadsFacts): (keyof LungRadsFacts)[] {
  const missing: (keyof LungRadsFacts)[] = [];
  if (!f.type) missing.push('type');
  if (f.type === 'none' || f.type === 'benign' || f.type === 'inflammatory') return missing;
  if (!f.scan) missing.push('scan');
  if (f.scan === 'follow-up' && !f.change) missing.push('change');
  const stepped = f.change === 'stable' && f.type !== 'ground-glass' && f.type !== 'airway';
  if (stepped && !f.prior) missing.push('prior');
  if (f.type === 'airway' && !f.airway) missing.push('airway');
  if (f.type === 'atypical-cyst' && !f.cyst) missing.push('cyst');
  if (!stepped && (f.type === undefined || SIZED.includes(f.type)) && f.sizeMm === undefined)
    missing.push('sizeMm');
  if (!stepped && f.type === 'part-solid' && f.solidMm === undefined) missing.push('solidMm');
  return missing;
}

// The months to the next LDCT for the categories whose management is a scan.
const NEXT_LDCT: Partial<Record<LungRadsCategory, number>> = { '1': 12, '2': 12, '3': 6, '4A': 3 };

/**
 * The Lung-RADS v2022 check of one screening run: inputs read from the steps
 * (the user's corrections override them), the category when every input is
 * known, and a contradiction when the model names another category or
 * another interval to the next LDCT. Null when the run is not about a
 * screening CT.
 */
export function checkLungRads(
  steps: readonly string[],
  answer: string,
  overrides: LungRadsFacts = {},
): LungRadsCheck | null {
  const text = steps.join('\n');
  const all = `${text}\n${answer}`;
  if (!isScreeningText(all)) return null;
  const inputs = { ...readLungRadsFacts(all), ...overrides };
  const missing = missingInputs(inputs);
  const base = { calculator: 'lung-rads-2022' as const, inputs, missing, contradiction: null };
  if (missing.length > 0 || !inputs.type) return { ...base, result: null };
  let result: LungRadsResult;
  try {
    result = lungRads2022({
      ...inputs,
      finding: inputs.type,
      scan: inputs.scan ?? 'baseline',
      suspicious: inputs.suspicious === 'yes',
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ...base, result: null, refusal: error.message.replace(/^\w+: /, '') };
  }
  const modelCategory = readLungRadsCategory(answer) ?? readLungRadsCategory(text);
  const months = readRecommendedMonths(answer);
  const expected = NEXT_LDCT[result.category];
  let contradiction: string | null = null;
  if (modelCategory !== undefined && modelCategory !== result.category)
    contradiction = `The model gives Lung-RADS ${modelCategory}; Lung-RADS v2022 for these inputs gives ${result.recommendation.replace(/\.$/, '')}.`;
  else if (
    modelCategory === undefined &&
    months &&
    expected !== undefined &&
    months[0] !== expected
  )
    contradiction = `The model recommends a scan at ${months[0]} months; Lung-RADS v2022 for these inputs gives ${result.recommendation.replace(/\.$/, '')}.`;
  return {
    ...base,
    result,
    ...(modelCategory !== undefined ? { modelCategory } : {}),
    contradiction,
  };
}
