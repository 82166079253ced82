import type { LetterLogits } from '../protocol';
import type { LogitsRow } from './greedyDecode';

/** A letter standing alone in a token's text: "C", " C", "(C", "C)" — not the "a" of " an". */
const LONE_LETTER = /(?<![A-Za-z0-9])[A-Za-z](?![A-Za-z0-9])/g;

/** How a token writes an option letter: the text around it and its case. */
export interface WrittenLetter {
  /** The option letter, upper case. */
  letter: string;
  prefix: string;
  suffix: string;
  upper: boolean;
}

/** The option letter a token's text writes alone ("C", " C", "(c"), or null. */
export function writtenLetter(piece: string, letters: readonly string[]): WrittenLetter | null {
  const found = [...piece.matchAll(LONE_LETTER)];
  if (found.length !== 1) return null;
  const match = found[0]!;
  const letter = match[0].toUpperCase();
  if (!letters.includes(letter)) return null;
  return {
    letter,
    prefix: piece.slice(0, match.index),
    suffix: piece.slice(match.index + 1),
    upper: match[0] === letter,
  };
}

/** The same token text with another option letter in its place (same case, same surroundings). */
export const variantText = (w: WrittenLetter, letter: string): string =>
  w.prefix + (w.upper ? letter : letter.toLowerCase()) + w.suffix;

/**
 * Keeps, for each generated token that writes one option letter, the logits
 * of every option letter at that step — and nothing for the other steps, so
 * a long generation costs a regex per token and a few reads per letter.
 *
 * Which token ids are "the options" is decided by the token the model
 * actually wrote: its text with the letter replaced by each option letter
 * (same case, same surrounding characters), so " C" compares with " A",
 * " B"… and a bare "C" with "A", "B"…. Logits of different variants are not
 * comparable (a leading space is a different token with its own logit), so
 * when some option's variant is not one token of the vocabulary the step is
 * not recorded and the answer gets no probabilities.
 */
export class LetterLogitsRecorder {
  readonly steps: LetterLogits[] = [];
  private readonly letters: string[];
  private readonly variants = new Map<string, number[] | null>();

  constructor(
    letters: string,
    private readonly encode: (text: string) => number[],
  ) {
    this.letters = [...new Set(letters.toUpperCase())];
  }

  /** Reads the option letters' logits if the token whose text is `piece` (at `start` in the output) writes one. */
  record(piece: string, start: number, row: LogitsRow): void {
    const written = writtenLetter(piece, this.letters);
    if (!written) return;
    const ids = this.variantIds(written);
    if (!ids) return;
    const logits: Record<string, number> = {};
    for (const [i, letter] of this.letters.entries()) {
      const value = row.at(ids[i]!);
      if (!Number.isFinite(value)) return;
      logits[letter] = value;
    }
    this.steps.push({ start, end: start + piece.length, logits });
  }

  /** Token ids of prefix + letter + suffix for each option letter, or null if one is not a single token. */
  private variantIds(written: WrittenLetter): number[] | null {
    const key = `${written.upper}\u0000${variantText(written, '\u0000')}`;
    let ids = this.variants.get(key);
    if (ids === undefined) {
      const each = this.letters.map((l) => this.encode(variantText(written, l)));
      ids = each.every((e) => e.length === 1) ? each.map((e) => e[0]!) : null;
      this.variants.set(key, ids);
    }
    return ids;
  }
}
