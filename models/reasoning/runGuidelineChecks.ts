import { checkFleischner } from '../guidelines/calculators/checkFleischner';
import type { GuidelineCheck, PerspectiveResult } from '../../electron/common/schemas/reasoning';

/**
 * Runs the guideline calculators that apply to one perspective's reasoning
 * (today Fleischner 2017) on its steps and answer; a multiple-choice letter
 * is read as its option's text.
 */
export function runGuidelineChecks(
  result: PerspectiveResult,
  choices: Record<string, string> = {},
): GuidelineCheck[] {
  const letter = result.answer?.letter ?? undefined;
  const answer = [result.answer?.text ?? '', letter ? (choices[letter] ?? '') : ''].join(' ');
  const fleischner = checkFleischner(
    result.steps.map((s) => s.text),
    answer,
  );
  if (!fleischner) return [];
  const { modelMonths: _months, ...check } = fleischner;
  return [{ ...check, perspective: result.perspective, inputs: { ...check.inputs } }];
}
