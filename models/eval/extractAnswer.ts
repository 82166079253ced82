import type { BenchOption } from './benchItem';

export type ExtractedVia = 'answer-tag' | 'boxed' | 'phrase' | 'letter' | 'option-text';

export interface ExtractedAnswer {
  /** The chosen option's letter, or null when the output names no option. */
  letter: string | null;
  /** Which rule found it (null when none did). */
  via: ExtractedVia | null;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'“”([{]+|[\s"'“”)\]}.,;:!?]+$/g, '')
    .trim();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Options whose whole text occurs (at word boundaries) in `text`, minus those inside a longer match. */
function optionsMentioned(text: string, options: BenchOption[]): BenchOption[] {
  const hay = normalise(text);
  const found = options.filter((o) => {
    const needle = normalise(o.text);
    return (
      needle !== '' && new RegExp(`(^|[^a-z0-9])${escapeRegExp(needle)}($|[^a-z0-9])`).test(hay)
    );
  });
  return found.filter(
    (o) => !found.some((other) => other !== o && normalise(other.text).includes(normalise(o.text))),
  );
}

type SpanAnswer = { letter: string; via: 'letter' | 'option-text' } | null;

/**
 * Reads one option out of a short span (the inside of <answer>, \boxed{}, the
 * words after "the answer is", or a whole short reply). `loose` also accepts
 * a span that mentions exactly one option's text among other words.
 */
function parseSpan(
  span: string,
  options: BenchOption[],
  { loose }: { loose: boolean },
): SpanAnswer {
  const letters = new Set(options.map((o) => o.letter));
  const clean = span
    .replace(/\\text\{([^}]*)\}/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();
  // A lone letter: "C", "(c)", "C.", "[C]", "Option C".
  const lone = /^(?:(?:option|choice)\s+)?[([]?\s*([A-Za-z])\s*[)\]]?\s*[.:]?$/i.exec(clean);
  if (lone?.[1] && letters.has(lone[1].toUpperCase()))
    return { letter: lone[1].toUpperCase(), via: 'letter' };
  // The option text itself (OmniMedVQA labels are option texts).
  const exact = options.find((o) => normalise(o.text) === normalise(clean));
  if (exact) return { letter: exact.letter, via: 'option-text' };
  // A capital letter with a delimiter, then anything: "C. Lateral ...", "(C) ...", "C: ...".
  const lead = /^[([]?([A-Z])[)\].:]/.exec(clean);
  if (lead?.[1] && letters.has(lead[1])) return { letter: lead[1], via: 'letter' };
  // "C Lateral collateral ..." where the rest is that option's text.
  const spaced = /^([A-Z])\s+(.+)$/s.exec(clean);
  const option = spaced && options.find((o) => o.letter === spaced[1]);
  if (option && spaced?.[2] && normalise(option.text) === normalise(spaced[2]))
    return { letter: option.letter, via: 'letter' };
  if (loose) {
    const mentioned = optionsMentioned(clean, options);
    if (mentioned.length === 1 && mentioned[0])
      return { letter: mentioned[0].letter, via: 'option-text' };
  }
  return null;
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const m of text.matchAll(re)) last = m;
  return last;
}

/** The inside of the last \boxed{...}, braces balanced. */
function lastBoxed(text: string): string | null {
  const at = text.lastIndexOf('\\boxed{');
  if (at < 0) return null;
  let depth = 0;
  for (let i = at + '\\boxed'.length; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(at + '\\boxed{'.length, i);
  }
  return null;
}

// "the answer is (C)", "Answer: C", "the correct option is **C**",
// "Therefore, among A through E, the answer is C." (the MedXpertQA trigger).
const PHRASE =
  /(?:[Aa]nswer|[Oo]ption|[Cc]hoice)\s*(?:(?:is|would be|should be|will be|must be)\s*:?|[:：])\s*(?:[Oo]ption\s+|[Cc]hoice\s+)?[([*\s]*([A-Z])(?![A-Za-z0-9'’-])/g;
const PHRASE_TAIL =
  /(?:[Aa]nswer|[Oo]ption|[Cc]hoice)\s*(?:(?:is|would be|should be|will be|must be)\s*:?|[:：])\s*([^\n]+)/g;

/**
 * Finds the option a model chose, tolerant of the usual phrasings, in this
 * order: <answer>...</answer>, \boxed{...}, "the answer is (C)", a reply that
 * is one letter (or starts with "C." / "(C)"), and the text of exactly one
 * option. Reasoning inside <think>...</think> is ignored. Anything else is
 * unparseable (letter null), which the harness counts as wrong and lists.
 */
export function extractAnswer(output: string, options: BenchOption[]): ExtractedAnswer {
  const letters = new Set(options.map((o) => o.letter));
  const text = output
    .replace(/<think>[\s\S]*?<\/think>/gi, ' ')
    .replace(/<think>[\s\S]*$/i, ' ')
    .trim();

  const tag = lastMatch(/<answer>([\s\S]*?)<\/answer>/gi, text);
  if (tag?.[1] !== undefined) {
    const inner = lastBoxed(tag[1]) ?? tag[1];
    const letter =
      parseSpan(inner, options, { loose: true })?.letter ?? phraseLetter(inner, letters, options);
    return letter ? { letter, via: 'answer-tag' } : { letter: null, via: null };
  }

  const boxed = lastBoxed(text);
  if (boxed !== null) {
    const letter = parseSpan(boxed, options, { loose: true })?.letter;
    if (letter) return { letter, via: 'boxed' };
  }

  const phrased = phraseLetter(text, letters, options);
  if (phrased) return { letter: phrased, via: 'phrase' };

  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of [text, lines[0], lines.at(-1)]) {
    if (line === undefined) continue;
    const found = parseSpan(line, options, { loose: false });
    if (found) return found;
  }

  const mentioned = optionsMentioned(text, options);
  if (mentioned.length === 1 && mentioned[0] && text.length <= 300)
    return { letter: mentioned[0].letter, via: 'option-text' };
  return { letter: null, via: null };
}

function phraseLetter(text: string, letters: Set<string>, options: BenchOption[]): string | null {
  const m = lastMatch(PHRASE, text);
  if (m?.[1] && letters.has(m[1])) return m[1];
  const tail = lastMatch(PHRASE_TAIL, text);
  if (tail?.[1]) {
    const sentence = tail[1].split(/(?<=[.!?])\s/)[0] ?? tail[1];
    const mentioned = optionsMentioned(sentence, options);
    if (mentioned.length === 1 && mentioned[0]) return mentioned[0].letter;
  }
  return null;
}
