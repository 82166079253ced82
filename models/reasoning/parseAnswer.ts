import type { AnswerVia, ReasoningAnswer } from '../../electron/common/schemas/reasoning';

export interface ParsedAnswer extends ReasoningAnswer {
  /** The rule that read the answer (`mmx eval` writes it to results.jsonl). */
  via: AnswerVia;
}

export interface ParseAnswerOptions {
  /** Letters that name options (default A–E); the keys of `options` when given. */
  letters?: string;
  /** Option letter → option text: a reply may name an option by its text. */
  options?: Readonly<Record<string, string>>;
}

interface Segments {
  /** What the model wrote outside <think> and <answer>. */
  reply: string;
  /** The inside of each <answer> element, in order. */
  answers: string[];
}

// The stream parser's tag tolerance: any case, spaces inside, never across lines.
const TAG = /<[ \t]*(\/?)[ \t]*(think|answer)[ \t]*>/gi;

/**
 * Splits output into reply, think and answer text. Inside <answer> only
 * </answer> is a tag; a lone </think> makes everything before it reasoning;
 * <answer> inside an unclosed <think> ends the thinking.
 */
export function splitOutput(output: string): Segments {
  let reply = '';
  const answers: string[] = [];
  let state: 'reply' | 'think' | 'answer' = 'reply';
  let at = 0;
  for (const tag of output.matchAll(TAG)) {
    const closing = tag[1] === '/';
    const name = tag[2]!.toLowerCase();
    const before = output.slice(at, tag.index);
    if (state === 'answer') {
      if (!(closing && name === 'answer')) continue;
      answers.push(before);
      state = 'reply';
    } else if (state === 'think') {
      if (name === 'think' && closing) state = 'reply';
      else if (name === 'answer' && !closing) state = 'answer';
      else continue;
    } else {
      if (name === 'think' && closing) reply = '';
      else reply += before;
      if (!closing) state = name === 'think' ? 'think' : 'answer';
    }
    at = tag.index + tag[0].length;
  }
  const rest = output.slice(at);
  if (state === 'answer') answers.push(rest);
  else if (state === 'reply') reply += rest;
  return { reply, answers };
}

/** The part of an output a reader takes as the reply: everything outside <think> and <answer>, trimmed. */
export const replyText = (output: string): string => splitOutput(output).reply.trim();

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'“”([{]+|[\s"'“”)\]}.,;:!?]+$/g, '')
    .trim();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Options = [letter: string, text: string][];

/** Options whose whole text occurs (at word boundaries) in `text`, minus those inside a longer match. */
function optionsMentioned(text: string, options: Options): string[] {
  const hay = normalise(text);
  const found = options.filter(([, option]) => {
    const needle = normalise(option);
    return (
      needle !== '' && new RegExp(`(^|[^a-z0-9])${escapeRegExp(needle)}($|[^a-z0-9])`).test(hay)
    );
  });
  return found
    .filter(
      ([, o]) => !found.some(([, other]) => other !== o && normalise(other).includes(normalise(o))),
    )
    .map(([letter]) => letter);
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

const clean = (span: string) =>
  span
    .replace(/\\text\{([^}]*)\}/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();

// "B", "(c)", "[B].", "Option C", "Answer: b"; the letter alone, so "A 7 mm nodule" is not one.
const LONE =
  /^(?:(?:the\s+)?(?:final\s+|correct\s+)?(?:answer|option|choice)\s*(?:is\s*)?:?\s*)?[([]?\s*([A-Za-z])\s*[)\]]?\s*[.:]?$/i;

function loneLetter(span: string, letters: Set<string>): string | null {
  const letter = LONE.exec(clean(span))?.[1]?.toUpperCase();
  return letter && letters.has(letter) ? letter : null;
}

/**
 * A span that is one option: a lone letter ("C", "(c)", "C.", "Option C"),
 * the option's text, or a capital letter with a delimiter ("C. text", "(C) …").
 * `loose` also takes a span that mentions exactly one option's text.
 */
function spanLetter(
  span: string,
  letters: Set<string>,
  options: Options,
  { loose }: { loose: boolean },
): { letter: string; via: 'letter' | 'option-text' } | null {
  const text = clean(span);
  const lone = loneLetter(text, letters);
  if (lone) return { letter: lone, via: 'letter' };
  const exact = options.find(([, o]) => normalise(o) === normalise(text));
  if (exact) return { letter: exact[0], via: 'option-text' };
  const lead = /^[([]?([A-Z])[)\].:]/.exec(text);
  if (lead?.[1] && letters.has(lead[1])) return { letter: lead[1], via: 'letter' };
  // "C Lateral collateral ..." where the rest is that option's text.
  const spaced = /^([A-Z])\s+(.+)$/s.exec(text);
  const option = spaced && options.find(([letter]) => letter === spaced[1]);
  if (option && spaced?.[2] && normalise(option[1]) === normalise(spaced[2]))
    return { letter: option[0], via: 'letter' };
  if (loose) {
    const mentioned = optionsMentioned(text, options);
    if (mentioned.length === 1) return { letter: mentioned[0]!, via: 'option-text' };
  }
  return null;
}

// "the answer is (C)", "Answer: C", "the correct option is **C**", "The final answer would be: c."
const TRIGGER =
  /\b(answer|option|choice)\s*(?:(?:is|would be|should be|will be|must be)\s*:?|[:：])[ \t]*/gi;
// A letter at the start of the span after a trigger. Capital: anything but a
// word may follow ("C because …"). Lower case: only bracketed or alone ("(c)", "c."), never "a fracture".
const PHRASE_LETTER =
  /^(?:(?:option|choice)\s+)?(?:\*\*)?(?:[([]\s*([A-Za-z])\s*[)\]]|([A-Z])(?![A-Za-z0-9'’-])|([a-z])\s*[.!]?\s*(?:\*\*)?$)/;

/** The stated answer of the last trigger phrase that states one. */
function phraseAnswer(
  text: string,
  letters: Set<string>,
  options: Options,
): { letter: string | null; text: string } | null {
  const matches = [...text.matchAll(TRIGGER)];
  for (const m of matches.reverse()) {
    // Up to the line's end: a later trigger on the same line was already tried (last first).
    const span = (text.slice(m.index + m[0].length).split('\n')[0] ?? '').trim();
    const sentence = (span.split(/(?<=[.!?])\s/)[0] ?? span).replace(/[.;:,!]+$/, '').trim();
    const head = PHRASE_LETTER.exec(clean(span));
    const raw = head?.[1] ?? head?.[2] ?? head?.[3];
    if (raw) {
      const letter = raw.toUpperCase();
      return { letter: letters.has(letter) ? letter : null, text: sentence };
    }
    const mentioned = optionsMentioned(sentence, options);
    if (mentioned.length === 1) return { letter: mentioned[0]!, text: sentence };
    // Only "answer" states an answer in words; "another option is to wait" does not.
    if (m[1]!.toLowerCase() === 'answer' && sentence !== '')
      return { letter: null, text: sentence };
  }
  return null;
}

/**
 * The one reader of a model's final answer, used by the stream parser (the
 * app and `mmx ask`), `mmx eval` and `mmx gba score`, so that the same text
 * gives the same answer everywhere.
 *
 * Output follows the MMedExpert-R1 / DeepSeek-R1 convention
 * `<think>…</think><answer>…</answer>`, or any of the usual free forms.
 * In this order, the answer is:
 *  1. the last `<answer>` element (an unclosed one runs to the end);
 *  2. else the last `\boxed{…}` of the reply;
 *  3. else the last "the answer is …" / "Answer: …" / "the correct option is …";
 *  4. else a reply that is one option letter ("C", "(c)", "C. text"), or whose
 *     first or last line is one;
 *  5. else a short reply that names exactly one option's text.
 * Text inside `<think>` is deliberation and never the answer ("A or B?"), so
 * an answer stated only there, or cut off inside it, is no answer. A letter
 * that is not among the options is no option (letter null). Lower-case
 * letters count when they stand alone or in brackets ("(c)"), never as an
 * article ("the answer is a fracture").
 *
 * Returns null when the output states no answer.
 */
export function parseAnswer(output: string, opts: ParseAnswerOptions = {}): ParsedAnswer | null {
  const options: Options = Object.entries(opts.options ?? {});
  const letters = new Set(
    (opts.letters ?? (options.length > 0 ? options.map(([l]) => l).join('') : 'ABCDE')).split(''),
  );
  const { reply, answers } = splitOutput(output);

  if (answers.length > 0) {
    const inner = answers.at(-1)!.trim();
    const text = (lastBoxed(inner) ?? inner).trim();
    if (text === '') return null;
    const letter =
      spanLetter(text, letters, options, { loose: true })?.letter ??
      phraseAnswer(text, letters, options)?.letter ??
      null;
    return { letter, text, source: 'tag', via: 'answer-tag' };
  }

  const boxed = lastBoxed(reply);
  if (boxed !== null && boxed.trim() !== '') {
    const letter = spanLetter(boxed, letters, options, { loose: true })?.letter ?? null;
    return { letter, text: boxed.trim(), source: 'boxed', via: 'boxed' };
  }

  const phrased = phraseAnswer(reply, letters, options);
  if (phrased) return { ...phrased, source: 'phrase', via: 'phrase' };

  const text = reply.trim();
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const whole = spanLetter(text, letters, options, { loose: false });
  if (whole) return { letter: whole.letter, text, source: 'phrase', via: whole.via };
  // A first or last line that is only a letter ("A\n\nBecause …"); a lettered list item is not.
  for (const line of [lines[0], lines.at(-1)]) {
    const letter = line === undefined ? null : loneLetter(line, letters);
    if (letter) return { letter, text: line!, source: 'phrase', via: 'letter' };
  }
  const mentioned = optionsMentioned(text, options);
  if (mentioned.length === 1 && text.length <= 300)
    return { letter: mentioned[0]!, text, source: 'phrase', via: 'option-text' };
  return null;
}
