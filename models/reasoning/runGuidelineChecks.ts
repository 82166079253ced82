import { checkFleischner, type NoduleFacts } from '../guidelines/calculators/checkFleischner';
import type { GuidelineCheck, PerspectiveResult } from '../../electron/common/schemas/reasoning';
import { answerLine } from './answerLine';

/**
 * Runs the guideline calculators that apply to one perspective's reasoning
 * (today Fleischner 2017) on its steps and answer ("B" is read as "B — <option
 * text>"), with the inputs the user corrected taking precedence. Shared by
 * `mmx ask`, the panel's Guideline check card and the exports.
 */
export function runGuidelineChecks(
  result: Pick<PerspectiveResult, 'perspective' | 'steps' | 'answer'>,
  choices: Readonly<Record<string, string>> = {},
  inputs: NoduleFacts = {},
): GuidelineCheck[] {
  const answer = result.answer ? answerLine(result.answer, choices) : '';
  const fleischner = checkFleischner(
    result.steps.map((s) => s.text),
    answer,
    inputs,
  );
  if (!fleischner) return [];
  const { modelMonths: _months, ...check } = fleischner;
  return [{ ...check, perspective: result.perspective, inputs: { ...check.inputs } }];
}
