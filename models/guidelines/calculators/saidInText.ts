// A finding preceded by one of these within a few words of the same clause
// (no comma, semicolon or full stop between) is said to be absent.
const NEGATED = /\b(?:no|not|without|absent|lacks?|free of)\b(?:[^\w,;.]+\w+){0,3}[^\w,;.]*$/i;

/** Whether `text` states `pattern` at least once without a negation just before it ("no calcification"). */
export function saidInText(text: string, pattern: RegExp): boolean {
  for (const m of text.matchAll(new RegExp(pattern.source, 'gi'))) {
    if (!NEGATED.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))) return true;
  }
  return false;
}
