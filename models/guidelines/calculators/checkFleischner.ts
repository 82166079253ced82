import { sizesInMm } from '../extractQuantities';
import { choiceField, sizeField, type CheckFields } from './checkFields';
import { saidInText } from './saidInText';
import {
  fleischner2017,
  type FleischnerInput,
  type FleischnerResult,
  type NoduleCount,
  type NoduleType,
  type PatientRisk,
} from './fleischner2017';

/** What the reasoning said about a nodule; a field is absent when the text does not say it. */
export interface NoduleFacts {
  type?: NoduleType;
  sizeMm?: number;
  solidMm?: number;
  count?: NoduleCount;
  risk?: PatientRisk;
}

export interface FleischnerCheck {
  calculator: 'fleischner-2017';
  /** The inputs read from the text (and any the user supplied). */
  inputs: NoduleFacts;
  /** Inputs the table needs that the text does not give: asked for, never guessed. */
  missing: (keyof NoduleFacts)[];
  result: FleischnerResult | null;
  /** The first-CT interval the model recommends, null for "no follow-up", undefined when it names none. */
  modelMonths?: [number, number] | null;
  /** A sentence when the model's recommendation differs from the table's. */
  contradiction: string | null;
}

const said = saidInText;

/** Reads nodule type, size, count and patient risk from reasoning text, only where it is stated. */
export function readNoduleFacts(text: string): NoduleFacts {
  const facts: NoduleFacts = {};
  if (!/\bnodul|\bGGN\b|\bGGO\b|\bopacit/i.test(text)) return facts;
  if (said(text, /part[- ]?solid|semi[- ]?solid|mixed (?:solid|attenuation)/))
    facts.type = 'part-solid';
  else if (said(text, /ground[- ]glass|\bGGN\b|\bGGO\b|non[- ]?solid/)) facts.type = 'ground-glass';
  else if (said(text, /\bsolid\b/)) facts.type = 'solid';
  const near = [
    ...text.matchAll(
      /(\d+(?:\.\d+)?)\s*-?\s*(mm|cm)\b[^.;]{0,40}?\b(?:nodul|GGN|GGO|opacit|lesion)/gi,
    ),
  ];
  const sizes = near.length > 0 ? near.flatMap((m) => sizesInMm(m[0])) : sizesInMm(text);
  if (sizes.length > 0) facts.sizeMm = Math.max(...sizes.slice(0, 1));
  const solid = /solid component (?:of |measuring |is )?(\d+(?:\.\d+)?)\s*(mm|cm)/i.exec(text);
  if (solid && facts.type === 'part-solid') facts.solidMm = sizesInMm(`${solid[1]} ${solid[2]}`)[0];
  if (
    said(
      text,
      /\b(?:multiple|several|numerous|many|innumerable|two|three|\d+) (?:\w+ ){0,2}nodules\b/,
    )
  )
    facts.count = 'multiple';
  else if (said(text, /\b(?:single|solitary|isolated|one|an?) (?:\w+[ -]){0,3}nodule\b/))
    facts.count = 'single';
  if (
    said(
      text,
      /high[- ]risk|heavy smoker|current smoker|\d+ pack[- ]years?|emphysema|pulmonary fibrosis|asbestos|first-degree relative with lung cancer/,
    )
  )
    facts.risk = 'high';
  else if (said(text, /low[- ]risk|never[- ]smoker|non[- ]?smoker|never smoked|minimal smoking/))
    facts.risk = 'low';
  return facts;
}

/** The first-CT interval a text recommends ("CT at 3 months", "follow-up in 6–12 months"), null for "no follow-up". */
export function readRecommendedMonths(text: string): [number, number] | null | undefined {
  if (/\bno (?:routine |further )?(?:follow[- ]?up|imaging|surveillance)\b/i.test(text))
    return null;
  const m =
    /\b(?:CT|scan|follow[- ]?up|imaging|surveillance|re-?image|repeat)\b[^.;]{0,40}?\b(?:at|in|after|within)\s+(\d+)(?:\s*(?:to|-|–)\s*(\d+))?\s*months?\b/i.exec(
      text,
    );
  if (!m) return undefined;
  const from = Number(m[1]);
  return [from, m[2] ? Number(m[2]) : from];
}

const describeInputs = (i: FleischnerInput) =>
  `a ${i.count} ${Math.round(i.sizeMm)} mm ${i.type} nodule${i.risk ? ` in a ${i.risk}-risk adult` : ''}`;

const describeMonths = (months: [number, number] | null) =>
  months === null
    ? 'no routine follow-up'
    : months[0] === months[1]
      ? `CT at ${months[0]} months`
      : `CT at ${months[0]}–${months[1]} months`;

/**
 * The Fleischner 2017 check of one run: inputs read from the steps (the
 * user's corrections override them), the table's recommendation when every
 * input is known, and a contradiction when the model's answer names another
 * first-CT interval. Null when the run is not about a pulmonary nodule.
 */
export function checkFleischner(
  steps: readonly string[],
  answer: string,
  overrides: NoduleFacts = {},
): FleischnerCheck | null {
  const text = steps.join('\n');
  const facts = { ...readNoduleFacts(`${text}\n${answer}`), ...overrides };
  if (!facts.type && facts.sizeMm === undefined) return null;
  const needed: (keyof NoduleFacts)[] = ['type', 'sizeMm', 'count'];
  if (facts.type === 'solid' || facts.type === undefined) needed.push('risk');
  const missing = needed.filter((k) => facts[k] === undefined);
  if (missing.length > 0 || !facts.type || facts.sizeMm === undefined || !facts.count)
    return {
      calculator: 'fleischner-2017',
      inputs: facts,
      missing,
      result: null,
      contradiction: null,
    };
  const input: FleischnerInput = {
    type: facts.type,
    sizeMm: facts.sizeMm,
    solidMm: facts.solidMm,
    count: facts.count,
    risk: facts.risk,
  };
  const result = fleischner2017(input);
  const modelMonths = readRecommendedMonths(answer) ?? readRecommendedMonths(text);
  const agrees =
    modelMonths === undefined ||
    (modelMonths === null
      ? result.firstCtMonths === null
      : result.firstCtMonths !== null &&
        modelMonths[0] >= result.firstCtMonths[0] &&
        modelMonths[1] <= result.firstCtMonths[1]);
  return {
    calculator: 'fleischner-2017',
    inputs: facts,
    missing: [],
    result,
    ...(modelMonths !== undefined ? { modelMonths } : {}),
    contradiction: agrees
      ? null
      : `The model recommends ${describeMonths(modelMonths ?? null)}; Fleischner 2017 for ${describeInputs(input)} gives ${result.recommendation.replace(/\.$/, '')}.`,
  };
}

/** The Fleischner check's inputs as the Guideline check card edits them. */
export const FLEISCHNER_FIELDS: CheckFields<NoduleFacts> = {
  type: choiceField('type', ['solid', 'part-solid', 'ground-glass']),
  sizeMm: sizeField('size (mm)'),
  solidMm: sizeField('solid part (mm)'),
  count: choiceField('count', ['single', 'multiple']),
  risk: choiceField('patient risk', ['low', 'high']),
};
