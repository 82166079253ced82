// Reports dictated into speech recognition keep what the software did not act on: spoken
// punctuation ("full stop", "comma", "new paragraph"), editing commands ("scratch that") and
// hesitations ("um"). None is clinical content, and words no pack holds count against a
// passage's support, so they are left out of what the linker searches. "Colon" and "period"
// are not listed: both are clinical words (the sigmoid colon, a period of six months); nor is
// "um" after a number (5 um, micrometres typed without µ).
const SPOKEN_COMMAND =
  /(?<![\w-])(?:full stop|comma|semicolon|new paragraph|new line|next line|(?:open|close) (?:bracket|brackets|parenthesis|paren)|scratch that|delete that|(?<!\d\s*)(?:um+|uh+|erm+))(?![\w-])[,.]?/gi;

/** The text without spoken punctuation, editing commands or hesitations. */
export const withoutSpokenCommands = (text: string): string =>
  text.replace(SPOKEN_COMMAND, ' ').replace(/ {2,}/g, ' ');
