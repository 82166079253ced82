import type { ReasoningAnswer } from '../../electron/common/schemas/reasoning';

/** An answer or a consensus vote: the option letter, if any, and the text as the model wrote it. */
type AnswerLike = Pick<ReasoningAnswer, 'letter' | 'text'>;

/** The text of the option the answer chose, or null (no letter, or no such option). */
export function optionText(
  answer: AnswerLike | null | undefined,
  options: Readonly<Record<string, string>> | undefined,
): string | null {
  const letter = answer?.letter?.toUpperCase();
  return (letter && options?.[letter]?.trim()) || null;
}

/** The model's text without its leading option marker: "(B) Bosniak II", "B. Bosniak II", "B" → "Bosniak II", "". */
function withoutLetter(text: string, letter: string): string {
  const marker = new RegExp(`^\\s*[(\\[]?${letter}(?:[)\\].:]|\\s|$)\\s*(?:[-—–:]\\s*)?`, 'i');
  return text.replace(marker, '').trim();
}

/**
 * The answer as a reader wants it: "B — <option text>" for a multiple-choice
 * answer (the model's own words when the options are unknown), else the text.
 * Never "(B) B".
 */
export function answerLine(answer: AnswerLike, options?: Readonly<Record<string, string>>): string {
  if (!answer.letter) return answer.text;
  const letter = answer.letter.toUpperCase();
  const text = optionText(answer, options) ?? withoutLetter(answer.text, letter);
  return text ? `${letter} — ${text}` : letter;
}
