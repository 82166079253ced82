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

/** The option letter an answer names: "C", "(C)", "C. text", "Answer: C", "the answer is C", "\boxed{C}". */
export function answerLetter(answer: string, letters = 'ABCDEFGHIJ'): string | null {
  const text = answer.trim();
  const set = `[${letters}]`;
  const patterns = [
    // A bare letter needs punctuation after it: "A pneumothorax" is an article, not option A.
    new RegExp(`^(?:\\((${set})\\)|(${set})(?:$|[.:)]))`),
    new RegExp(`\\\\boxed\\{\\s*\\(?(${set})\\)?`),
    new RegExp(`\\b(?:answer|option|choice)\\s*(?:is|:)?\\s*\\(?(${set})\\)?(?:$|[.\\s)])`, 'i'),
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    const letter = m?.[1] ?? m?.[2];
    if (letter) return letter.toUpperCase();
  }
  return null;
}

/** The answer text: the last <answer> block, else the whole completion. */
export function extractAnswer(completion: string): string {
  return completionParts(completion).answer ?? completion.trim();
}

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
  const answer = extractAnswer(completion);
  const letters = options ? Object.keys(options).join('') || 'ABCDE' : 'ABCDE';
  const letter = answerLetter(answer, letters);
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
