import type { PassageHit } from '../guidelines/guidelineIndex';

/**
 * What the earlier steps of one reasoning chain (one perspective's output)
 * found, for the citation judge: a step rarely names its guideline ("Laceration
 * 3.5 cm deep → grade III"), but the steps before it usually did, so the
 * chain's topic so far tells the spleen scale from the kidney scale, and a
 * troponin remark in a nodule case from a HEART-score step. Built from the
 * search alone (no judge decision feeds back), so a chain links the same way
 * whether its steps stream in one by one or arrive together.
 */
export interface StepContext {
  /** Steps recorded so far (answer statements are not searched, so not recorded). */
  steps: number;
  /** Per guideline, the best support any of its passages had in an earlier step. */
  support: Map<string, number>;
  /** Per guideline, how many earlier steps it clearly led (ranked first at CLEAR_LEAD support or more). */
  led: Map<string, number>;
  /** How many earlier steps some guideline clearly led. */
  ledSteps: number;
  /** Guidelines an earlier step named ("the Bosniak class"). */
  named: Set<string>;
  /** Per guideline, the key of its passage that best covered an earlier step (the support above). */
  passages: Map<string, string>;
  /**
   * The chain labels its steps with section letters (SOAP's "S:", "O:", "A:", "P:"; SBAR's "S:",
   * "B:", "A:", "R:"): then "A: Weber B, stable." is an assessment, not option A.
   */
  sectionLabels: boolean;
  /** The previous step was a Markdown table row: a row after anything else starts a table. */
  tableRow: boolean;
}

// A step's first guideline is its topic when its passage covers this much of the step.
const CLEAR_LEAD = 0.3;

/** An empty context, for the first step of a chain. */
export const createStepContext = (): StepContext => ({
  steps: 0,
  support: new Map(),
  led: new Map(),
  ledSteps: 0,
  named: new Set(),
  passages: new Map(),
  sectionLabels: false,
  tableRow: false,
});

/** Adds one searched step (its ranked candidates and the guidelines it names) to the context. */
export function recordStep(
  context: StepContext,
  hits: readonly PassageHit[],
  named: ReadonlySet<string>,
): void {
  context.steps++;
  for (const hit of hits) {
    const id = hit.guideline.id;
    const best = context.support.get(id) ?? 0;
    context.support.set(id, Math.max(best, hit.support));
    if (hit.support > best) context.passages.set(id, hit.key);
  }
  const first = hits[0];
  if (first && first.support >= CLEAR_LEAD) {
    context.led.set(first.guideline.id, (context.led.get(first.guideline.id) ?? 0) + 1);
    context.ledSteps++;
  }
  for (const id of named) context.named.add(id);
}
