import type { LetterLogits } from '../runtime/protocol';
import { parseAnswer, type ParsedAnswer } from './parseAnswer';

import type { AnswerProbabilities } from '../../electron/common/schemas/reasoning';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where in `output` the model wrote the letter parseAnswer read: the first
 * lone occurrence of that letter (either case) inside the answer's text,
 * taking the last place that text occurs (the answer parseAnswer reads is
 * the last one). -1 when the answer was read from an option's text, not a
 * letter, or cannot be found.
 */
export function answerLetterOffset(output: string, answer: ParsedAnswer): number {
  if (!answer.letter || answer.via === 'option-text') return -1;
  const at = output.lastIndexOf(answer.text);
  if (at < 0) return -1;
  const letter = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(answer.letter)}(?![A-Za-z0-9])`, 'i');
  const inner = letter.exec(answer.text);
  return inner ? at + inner.index : -1;
}

/**
 * The normalised probability of each option letter at the token where the
 * model wrote its answer letter: a softmax over just the options' logits
 * (log-probabilities work as well, only differences count). A letter the
 * backend did not report (a server's top_logprobs that left it out) gets 0.
 * Null when the output states no lettered answer or no logits were kept at
 * that token. The answer is read by parseAnswer, as everywhere else.
 */
export function answerProbabilities(
  output: string,
  steps: readonly LetterLogits[] | undefined,
  {
    letters = 'ABCDE',
    options,
  }: { letters?: string; options?: Readonly<Record<string, string>> } = {},
): AnswerProbabilities | null {
  if (!steps || steps.length === 0) return null;
  const answer = parseAnswer(output, { letters, options });
  if (!answer) return null;
  const at = answerLetterOffset(output, answer);
  if (at < 0) return null;
  const step = steps.find((s) => s.start <= at && at < s.end);
  if (!step) return null;
  const optionLetters = [...new Set(letters.toUpperCase())];
  const known = optionLetters.filter((l) => step.logits[l] !== undefined);
  if (!known.includes(answer.letter!)) return null;
  const max = Math.max(...known.map((l) => step.logits[l]!));
  const weights = optionLetters.map((l) =>
    step.logits[l] === undefined ? 0 : Math.exp(step.logits[l] - max),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  return Object.fromEntries(optionLetters.map((l, i) => [l, weights[i]! / total]));
}

/** The mean of several distributions over the same letters (the consensus of perspectives); null if none. */
export function meanProbabilities(
  all: readonly (AnswerProbabilities | null | undefined)[],
): AnswerProbabilities | null {
  const given = all.filter((p): p is AnswerProbabilities => p != null);
  if (given.length === 0) return null;
  const letters = [...new Set(given.flatMap((p) => Object.keys(p)))];
  return Object.fromEntries(
    letters.map((l) => [l, given.reduce((sum, p) => sum + (p[l] ?? 0), 0) / given.length]),
  );
}

/** "B 67 % · A 22 % · C 11 %": the options from most to least probable, for text and exports. */
export function probabilitiesLine(probabilities: Readonly<AnswerProbabilities>): string {
  return Object.entries(probabilities)
    .sort(([a, p], [b, q]) => q - p || (a < b ? -1 : 1))
    .map(([letter, p]) => `${letter} ${percentText(p)}`)
    .join(' · ');
}

/** A probability as the panel shows it: whole percent, "<1 %" for a small non-zero one. */
export function percentText(p: number): string {
  return p > 0 && p < 0.005 ? '<1 %' : `${Math.round(p * 100)} %`;
}
