import type { CaseModel } from '../../electron/common/schemas/cases';
import type { PerspectiveChoice } from '../../electron/common/schemas/reasoning';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { guidelineLookup, stepsWithGuidelineDetails } from '../reasoning/citationDetails';
import type { ReasoningRun } from '../reasoning/runReasoning';
import type { NewCaseRun } from './CaseStore';

/**
 * The record a case keeps of one finished reasoning run (the CLI's
 * `--save-case` and the app's automatic save build it alike): every step
 * with its citations named in full (title, version, edition, link) so a case
 * and its bundle stand on their own, the model and the pack versions.
 */
export function caseRunFromReasoning(
  run: Omit<ReasoningRun, 'texts' | 'results' | 'cancelled'>,
  {
    question,
    options,
    perspective,
    model,
    packs,
    answerText,
    followUpOf = null,
  }: {
    question: string;
    options: Record<string, string>;
    perspective: PerspectiveChoice;
    model: CaseModel;
    packs: readonly GuidelinePack[];
    /** The answer as one line (the `--json` document's `answer`). */
    answerText: string;
    followUpOf?: string | null;
  },
): NewCaseRun {
  const lookup = guidelineLookup(packs.flatMap((p) => p.guidelines));
  return {
    question,
    options,
    perspective,
    specialty: run.specialty,
    routing: run.routing ?? null,
    model,
    packVersions: packs.map((p) => ({ id: p.id, version: p.version })),
    steps: stepsWithGuidelineDetails(run.steps, lookup),
    perspectives: run.perspectives.map((p) => ({
      ...p,
      steps: stepsWithGuidelineDetails(p.steps, lookup),
    })),
    consensus: run.consensus,
    guidelineChecks: run.guidelineChecks,
    answer: run.answer,
    answerText,
    usage: run.usage,
    timings: run.timings,
    followUpOf,
  };
}
