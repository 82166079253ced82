import { parseAnswer, replyText } from '../../reasoning/parseAnswer';
import { completionParts } from './completionParts';

/**
 * Format reward: 1 for exactly `<think>non-empty</think>` then
 * `<answer>non-empty</answer>` and nothing else; 0.5 when both blocks are
 * there but with text around them, repeated, or out of order; 0 otherwise.
 */
export function formatReward(completion: string): number {
  if (
    /^\s*<think>(?:(?!<\/?think>|<\/?answer>)[\s\S])*\S(?:(?!<\/?think>|<\/?answer>)[\s\S])*<\/think>\s*<answer>(?:(?!<\/?answer>|<\/?think>)[\s\S])*\S(?:(?!<\/?answer>|<\/?think>)[\s\S])*<\/answer>\s*$/i.test(
      completion,
    )
  )
    return 1;
  const { think, answer } = completionParts(completion);
  return think && answer ? 0.5 : 0;
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Accuracy reward, 1 or 0. `label` is an option letter (with `options`, the
 * option's text also counts) or the answer text itself (then a letter that
 * names the option with that text counts too). Text compares case- and
 * punctuation-insensitively.
 */
export function accuracyReward(
  completion: string,
  label: string,
  options?: Readonly<Record<string, string>>,
): number {
  // The same reader as the app, `mmx ask` and `mmx eval` (models/reasoning/parseAnswer.ts).
  const parsed = parseAnswer(
    completion,
    options && Object.keys(options).length > 0 ? { options } : {},
  );
  const answer = parsed?.text ?? replyText(completion);
  const letter = parsed?.letter ?? null;
  const wanted = label.trim();
  if (/^[A-Z]$/.test(wanted) && (!options || wanted in options)) {
    if (letter === wanted) return 1;
    const optionText = options?.[wanted];
    return optionText !== undefined && normalise(answer) === normalise(optionText) ? 1 : 0;
  }
  if (normalise(answer) === normalise(wanted)) return 1;
  return letter !== null &&
    options?.[letter] !== undefined &&
    normalise(options[letter]) === normalise(wanted)
    ? 1
    : 0;
}
