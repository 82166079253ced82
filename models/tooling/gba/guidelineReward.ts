import { createGuidelineIndex, type GuidelineIndex } from '../../guidelines/guidelineIndex';
import { DEFAULT_LINK_OPTIONS, extractCitationRefs } from '../../reasoning/linkCitations';
import { completionParts, reasoningSteps } from './completionParts';
import type { GuidelinePack } from '../../guidelines/guidelineSchema';

/** Decides whether a `guideline#passage` citation is real and backs a step. */
export interface CitationChecker {
  /** Whether the id names a passage of the packs. */
  isKnown(ref: string): boolean;
  /** Whether the cited passage supports the step text. */
  supports(ref: string, stepText: string): boolean;
}

/** Plain id check: a citation counts when its id is in the list. */
export function idListChecker(ids: Iterable<string>): CitationChecker {
  const known = new Set([...ids].map((id) => id.toLowerCase()));
  return { isKnown: (ref) => known.has(ref), supports: (ref) => known.has(ref) };
}

/**
 * Uses the project's citation linker (models/guidelines BM25 index, with the
 * support threshold of models/reasoning/linkCitations): a known citation
 * supports its step when the cited passage's support for the step text
 * reaches the linker's threshold.
 */
export function linkerChecker(
  index: GuidelineIndex,
  threshold = DEFAULT_LINK_OPTIONS.threshold,
): CitationChecker {
  return {
    isKnown: (ref) => index.get(ref) !== undefined,
    supports(ref, stepText) {
      if (!index.get(ref)) return false;
      const hit = index.search(stepText, { limit: index.size }).find((h) => h.key === ref);
      return (hit?.support ?? 0) >= threshold;
    },
  };
}

export function packsChecker(packs: readonly GuidelinePack[]): CitationChecker {
  return linkerChecker(createGuidelineIndex(packs));
}

export interface GuidelineScore {
  reward: number;
  citations: number;
  unknown: number;
  supporting: number;
  steps: number;
  stepsSupported: number;
}

/**
 * Guideline reward in [0, 1]: 0.5·precision + 0.5·coverage, where precision
 * = citations (`[guideline-id#passage-id]`) that are known and support their
 * step / all citations, and coverage = steps with at least one such citation
 * / all steps. No citation at all scores 0. The project's definition; the
 * paper does not publish its guideline reward.
 */
export function guidelineScore(completion: string, checker: CitationChecker): GuidelineScore {
  const { think } = completionParts(completion);
  const steps = reasoningSteps(think ?? completion);
  let citations = 0;
  let unknown = 0;
  let supporting = 0;
  let stepsSupported = 0;
  for (const step of steps) {
    const refs = extractCitationRefs(step);
    let any = false;
    for (const ref of refs) {
      citations++;
      if (!checker.isKnown(ref)) unknown++;
      else if (checker.supports(ref, step.replace(/\[[^\]]*\]/g, ' '))) {
        supporting++;
        any = true;
      }
    }
    if (any) stepsSupported++;
  }
  const reward =
    citations === 0 || steps.length === 0
      ? 0
      : 0.5 * (supporting / citations) + 0.5 * (stepsSupported / steps.length);
  return { reward, citations, unknown, supporting, steps: steps.length, stepsSupported };
}

export function guidelineReward(completion: string, checker: CitationChecker): number {
  return guidelineScore(completion, checker).reward;
}
