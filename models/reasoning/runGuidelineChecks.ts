import { factsFromEdit, inputsRecord, type CheckEdit } from '../guidelines/calculators/checkFields';
import { checkFleischner, FLEISCHNER_FIELDS } from '../guidelines/calculators/checkFleischner';
import {
  checkLungRads,
  isScreeningText,
  LUNG_RADS_FIELDS,
} from '../guidelines/calculators/checkLungRads';
import { checkTiRads, isThyroidText, TI_RADS_FIELDS } from '../guidelines/calculators/checkTiRads';
import {
  BOSNIAK_FIELDS,
  checkBosniak,
  isRenalCystText,
} from '../guidelines/calculators/checkBosniak';
import {
  checkLiRads,
  isLiverObservationText,
  LI_RADS_FIELDS,
} from '../guidelines/calculators/checkLiRads';
import { checkORads, isAdnexalUsText, O_RADS_FIELDS } from '../guidelines/calculators/checkORads';
import type { GuidelineCheck, PerspectiveResult } from '../../electron/common/schemas/reasoning';
import { answerLine } from './answerLine';

/** The calculators a Guideline check can run, by the id its check carries. */
export const CHECK_FIELDS = {
  'fleischner-2017': FLEISCHNER_FIELDS,
  'lung-rads-2022': LUNG_RADS_FIELDS,
  'acr-ti-rads-2017': TI_RADS_FIELDS,
  'bosniak-2019': BOSNIAK_FIELDS,
  'li-rads-2018': LI_RADS_FIELDS,
  'o-rads-us-2022': O_RADS_FIELDS,
} as const;
export type CheckCalculator = keyof typeof CHECK_FIELDS;

/** Whether a check's calculator id (a plain string in the contract) is one the card can edit. */
export function isCheckCalculator(id: string): id is CheckCalculator {
  return Object.hasOwn(CHECK_FIELDS, id);
}

/** What the user changed in the Guideline check cards of one perspective, per calculator and input. */
export type CheckEdits = Readonly<Partial<Record<CheckCalculator, CheckEdit>>>;

/**
 * Runs the guideline calculator that applies to one perspective's reasoning
 * on its steps and answer ("B" is read as "B — <option text>"), with the
 * inputs the user corrected taking precedence: ACR TI-RADS for a thyroid
 * nodule, Lung-RADS v2022 for a screening CT, Bosniak 2019 for a cystic
 * renal mass, LI-RADS v2018 for a liver observation (the at-risk population
 * is one of its inputs), O-RADS US v2022 for an adnexal lesion on
 * ultrasound, Fleischner 2017 for any other pulmonary nodule (it excludes
 * screening). Shared by `mmx ask`, the
 * panel's Guideline check card and the exports.
 */
export function runGuidelineChecks(
  result: Pick<PerspectiveResult, 'perspective' | 'steps' | 'answer'>,
  choices: Readonly<Record<string, string>> = {},
  edits: CheckEdits = {},
): GuidelineCheck[] {
  const answer = result.answer ? answerLine(result.answer, choices) : '';
  const steps = result.steps.map((s) => s.text);
  const all = `${steps.join('\n')}\n${answer}`;
  const perspective = result.perspective;
  if (isThyroidText(all)) {
    const check = checkTiRads(
      steps,
      answer,
      factsFromEdit(TI_RADS_FIELDS, edits['acr-ti-rads-2017']),
    );
    return check ? [asCheck(check, perspective, check.result?.level)] : [];
  }
  if (isScreeningText(all)) {
    const check = checkLungRads(
      steps,
      answer,
      factsFromEdit(LUNG_RADS_FIELDS, edits['lung-rads-2022']),
    );
    return check ? [asCheck(check, perspective, check.result?.category)] : [];
  }
  const table = tableCheck(steps, answer, all, edits);
  if (table) return [asCheck(table, perspective, table.result?.category)];
  const fleischner = checkFleischner(
    steps,
    answer,
    factsFromEdit(FLEISCHNER_FIELDS, edits['fleischner-2017']),
  );
  if (!fleischner) return [];
  const { modelMonths: _months, ...check } = fleischner;
  return [{ ...check, perspective, inputs: inputsRecord(check.inputs) }];
}

/** What a table calculator's check reads as in the contract (`category`: its class, category or TR level). */
function asCheck(
  check: {
    calculator: string;
    inputs: Parameters<typeof inputsRecord>[0];
    missing: GuidelineCheck['missing'];
    contradiction: GuidelineCheck['contradiction'];
    refusal?: string;
    result: { guideline: string; recommendation: string; passage: string; notes: string[] } | null;
  },
  perspective: GuidelineCheck['perspective'],
  category: string | undefined,
): GuidelineCheck {
  const { result: r, inputs, missing, contradiction, calculator, refusal } = check;
  return {
    calculator,
    perspective,
    inputs: inputsRecord(inputs),
    missing,
    contradiction,
    ...(refusal ? { refusal } : {}),
    result: r && {
      guideline: r.guideline,
      ...(category === undefined ? {} : { category }),
      recommendation: r.recommendation,
      passage: r.passage,
      notes: r.notes,
    },
  };
}

/** The Bosniak, LI-RADS or O-RADS check when the text is about a renal cyst, a liver observation or an adnexal lesion on ultrasound. */
function tableCheck(steps: string[], answer: string, all: string, edits: CheckEdits) {
  if (isRenalCystText(all))
    return checkBosniak(steps, answer, factsFromEdit(BOSNIAK_FIELDS, edits['bosniak-2019']));
  if (isLiverObservationText(all))
    return checkLiRads(steps, answer, factsFromEdit(LI_RADS_FIELDS, edits['li-rads-2018']));
  if (isAdnexalUsText(all))
    return checkORads(steps, answer, factsFromEdit(O_RADS_FIELDS, edits['o-rads-us-2022']));
  return null;
}
