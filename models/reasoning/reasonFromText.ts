import type { GuidelineIndex } from '../guidelines/guidelineIndex';
import type { LetterLogits } from '../runtime/protocol';
import { answerProbabilities, meanProbabilities } from './answerProbabilities';
import { buildConsensus } from './buildConsensus';
import { linkCitations, type LinkOptions } from './linkCitations';
import type {
  Perspective,
  PerspectiveResult,
  ReasoningOutput,
  SpecialtyRouting,
} from '../../electron/common/schemas/reasoning';
import { mapRegions, type ImageGeometry } from './mapRegions';
import { parseReasoning, type StepParserOptions } from './stepParser';
import { runGuidelineChecks } from './runGuidelineChecks';

export interface ReasonOptions extends LinkOptions, StepParserOptions {
  /** Index over the active packs (build it with createGuidelineIndex(packs, specialty)). */
  index: GuidelineIndex;
  perspective?: Perspective | null;
  /** The runtime's option-letter logits (asked for with answerLetters): adds answerProbabilities. */
  letterLogits?: readonly LetterLogits[];
  /** How each attached image reached the model; with it, each step gets its `regions`. */
  images?: readonly (ImageGeometry | null)[];
}

/** Parses one model output and links its steps to guideline passages. */
export function reasonFromText(text: string, options: ReasonOptions): PerspectiveResult {
  const perspective = options.perspective ?? null;
  const parsed = parseReasoning(text, options);
  const linked = linkCitations(options.index, parsed.steps, perspective, options);
  const images = options.images;
  return {
    perspective,
    steps: images
      ? linked.map((step, i) => ({ ...step, regions: mapRegions(parsed.steps[i]?.marks, images) }))
      : linked,
    answer: parsed.answer,
    ...(options.letterLogits && {
      answerProbabilities: answerProbabilities(text, options.letterLogits, {
        letters: options.letters,
      }),
    }),
    unplaced: parsed.unplaced,
  };
}

/**
 * Builds the reasoning JSON of `mmx ask` from one output per perspective.
 * With several perspectives the answer is the consensus majority (null on a
 * tie) and `consensus` says who agrees; with one it is that output's answer.
 */
export function reasoningOutput(
  outputs: readonly {
    perspective: Perspective | null;
    text: string;
    letterLogits?: readonly LetterLogits[];
  }[],
  options: Omit<ReasonOptions, 'perspective'> & {
    specialty: string;
    routing?: SpecialtyRouting;
    /** Multiple-choice options, so a check reads "B" as the option's text. */
    choices?: Record<string, string>;
  },
): ReasoningOutput {
  const results = outputs.map((o) =>
    reasonFromText(o.text, {
      ...options,
      perspective: o.perspective,
      letterLogits: o.letterLogits,
    }),
  );
  const asked = results.some((r) => r.answerProbabilities !== undefined);
  const consensus = results.length > 1 ? buildConsensus(results) : null;
  const single = results.length === 1 ? results[0] : undefined;
  const majority = consensus?.majority;
  const fromMajority = majority
    ? (results.find((r) => r.perspective && majority.perspectives.includes(r.perspective))
        ?.answer ?? null)
    : null;
  return {
    steps: results.flatMap((r) => r.steps),
    answer: single ? single.answer : fromMajority,
    ...(asked && {
      answerProbabilities: single
        ? (single.answerProbabilities ?? null)
        : meanProbabilities(results.map((r) => r.answerProbabilities)),
    }),
    specialty: options.specialty,
    ...(options.routing ? { routing: options.routing } : {}),
    consensus,
    perspectives: results,
    unplaced: results.flatMap((r) => r.unplaced),
    guidelineChecks: results.flatMap((r) => runGuidelineChecks(r, options.choices)),
  };
}
