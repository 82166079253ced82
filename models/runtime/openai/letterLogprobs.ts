import { variantText, writtenLetter } from '../internal/letterLogits';
import type { LetterLogits } from '../protocol';

/** One entry of a chat completion's `logprobs.content` (OpenAI API; vLLM, SGLang, llama.cpp write the same). */
export interface ChatTokenLogprob {
  token?: unknown;
  logprob?: unknown;
  top_logprobs?: { token?: unknown; logprob?: unknown }[] | null;
}

/** How many alternatives a request asks for: the OpenAI API's and vLLM's default maximum. */
export const TOP_LOGPROBS = 20;

/**
 * The option letters' log-probabilities at the streamed tokens of one
 * content delta that write an option letter, as the local runtime keeps
 * logits: the written token's own variant decides which alternatives count
 * (" C" compares with " A", " B"…), looked up among `top_logprobs`; an option
 * not among them is left out (answerProbabilities gives it 0). The tokens
 * must spell the delta's content exactly, else nothing is kept (a server
 * that writes byte tokens would otherwise shift every offset).
 */
export function letterLogprobs(
  entries: readonly ChatTokenLogprob[],
  content: string,
  start: number,
  letters: readonly string[],
): LetterLogits[] {
  const tokens = entries.map((e) => (typeof e.token === 'string' ? e.token : null));
  if (tokens.some((t) => t === null) || tokens.join('') !== content) return [];
  const kept: LetterLogits[] = [];
  let at = start;
  entries.forEach((entry, i) => {
    const token = tokens[i]!;
    const written = writtenLetter(token, letters);
    if (written && typeof entry.logprob === 'number') {
      const alternatives = new Map<string, number>();
      for (const top of entry.top_logprobs ?? [])
        if (typeof top.token === 'string' && typeof top.logprob === 'number')
          alternatives.set(top.token, top.logprob);
      alternatives.set(token, entry.logprob);
      const logits: Record<string, number> = {};
      for (const letter of letters) {
        const value = alternatives.get(variantText(written, letter));
        if (value !== undefined && Number.isFinite(value)) logits[letter] = value;
      }
      kept.push({ start: at, end: at + token.length, logits });
    }
    at += token.length;
  });
  return kept;
}
