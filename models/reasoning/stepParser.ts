/**
 * A tolerant, streaming parser for reasoning-model output of the form
 * `<think>1. ... 2. ...</think><answer>B</answer>` (the MMedExpert-R1 /
 * DeepSeek-R1 convention). Push chunks as they arrive (token boundaries may
 * split tags, e.g. "<thi" + "nk>"), get events; end() gives the same result
 * as parsing the whole text at once. Nothing is dropped: text outside any
 * place it can be put is returned in `unplaced`. The final answer is read
 * by parseAnswer, the one answer reader of the project.
 */

import { parseAnswer, type ParsedAnswer } from './parseAnswer';
import { parseRegions, visibleStepText, type RegionMark } from './parseRegions';

export interface ParsedStep {
  /** 1-based position among the steps. */
  index: number;
  /** The model's own marker ("1", "-", "Step 2") or null for a paragraph. */
  label: string | null;
  /** The text as shown: box and point markup replaced by its label (parseRegions). */
  text: string;
  /** The boxes and points the step drew, in the model's coordinates; absent when none. */
  marks?: RegionMark[];
}

export interface ParseResult {
  steps: ParsedStep[];
  answer: ParsedAnswer | null;
  /** Text that fits no step and no answer (e.g. after </answer>), as written. */
  unplaced: string[];
  raw: string;
  /** Whether the <answer> block was opened and closed (false for truncated output). */
  answerClosed: boolean;
}

export type StepEvent =
  | { type: 'step'; step: ParsedStep }
  /** The step being written; its text may still grow (replace, don't append). */
  | { type: 'progress'; index: number; text: string }
  | { type: 'answer-progress'; text: string }
  | { type: 'answer'; answer: ParsedAnswer | null }
  | { type: 'unplaced'; text: string };

export interface StepParserOptions {
  /** Letters that count as option answers. */
  letters?: string;
}

// Spaces inside a tag are tolerated, newlines are not (a tag never spans lines,
// which lets complete lines be consumed before the next chunk arrives).
const TAG = /<[ \t]*(\/?)[ \t]*(think|answer)[ \t]*>/i;
// Longest tag we recognise with some slack for inner spaces; a chunk ending
// in "<" plus up to this many characters may be the start of a tag.
const TAG_PREFIX = /<[ \t]*\/?[ \t]*[a-z]*[ \t]*$/i;
// "1." "2)" "(3)" "Step 4:" "**Step 5.**" "### 6." "- " "* " "• " at a line start.
const MARKER =
  /^(\s*)(?:#{1,6}\s*)?(?:\*\*)?(?:(step\s*\d+\s*[:.)-]?|\(?\d{1,2}[.)](?!\d))|([-*•+])(?=\s))(?:\*\*)?\s+(?=\S)|^(\s*)(?:#{1,6}\s*)?\*\*(step\s*\d+)\s*[:.)-]?\*\*\s*$/i;

const indentOf = (s: string) => (/^\s*/.exec(s)?.[0] ?? '').replace(/\t/g, '    ').length;

function markerOf(line: string): { indent: number; label: string; rest: string } | null {
  const m = MARKER.exec(line);
  if (!m) return null;
  const label = (m[2] ?? m[3] ?? m[5] ?? '')
    .replace(/[\s:.)(-]+$/g, '')
    .replace(/^\(/, '')
    .trim();
  return {
    indent: indentOf(m[1] ?? m[4] ?? ''),
    label: label || '-',
    rest: line.slice(m[0].length),
  };
}

/** A step's text without the model's own marker ("Step 8: So D." → "So D."), as the parser shows it. */
export const withoutStepMarker = (text: string): string => markerOf(text)?.rest ?? text;

type Region = 'reason' | 'answer' | 'after';

/** The streaming parser; one instance per generation. */
export class StepParser {
  private raw = '';
  private pending = '';
  private region: Region = 'reason';
  private steps: ParsedStep[] = [];
  private current: { label: string | null; lines: string[] } | null = null;
  private topIndent: number | null = null;
  private sawBlank = false;
  private answerText = '';
  private answerClosed = false;
  private after = '';
  private lastProgress = '';
  private ended = false;
  private readonly letters: string;

  constructor(options: StepParserOptions = {}) {
    this.letters = options.letters ?? 'ABCDE';
  }

  /** Feeds a chunk; returns the events it completes. */
  push(chunk: string): StepEvent[] {
    if (this.ended) throw new Error('StepParser.push: called after end()');
    this.raw += chunk;
    this.pending += chunk;
    const events: StepEvent[] = [];
    this.drain(events, false);
    this.progress(events);
    return events;
  }

  /** Flushes what is left and returns the final result plus the last events. */
  end(): { result: ParseResult; events: StepEvent[] } {
    const events: StepEvent[] = [];
    if (!this.ended) {
      this.drain(events, true);
      this.closeStep(events);
      this.ended = true;
    }
    const result = this.result();
    if (result.answer || this.region !== 'reason')
      events.push({ type: 'answer', answer: result.answer });
    for (const text of result.unplaced) events.push({ type: 'unplaced', text });
    return { result, events };
  }

  private result(): ParseResult {
    const read = parseAnswer(this.raw, { letters: this.letters });
    // A box in the answer is shown by its label, as in the steps (its region is not kept).
    const answer: ParsedAnswer | null = read && { ...read, text: parseRegions(read.text).text };
    const unplaced = this.after.trim() ? [this.after.trim()] : [];
    return {
      steps: [...this.steps],
      answer,
      unplaced,
      raw: this.raw,
      answerClosed: this.answerClosed,
    };
  }

  /** Consumes `pending` up to what is certain: whole lines, or text before a tag. */
  private drain(events: StepEvent[], final: boolean): void {
    for (;;) {
      if (this.region === 'after') {
        this.after += this.pending;
        this.pending = '';
        return;
      }
      const tag = TAG.exec(this.pending);
      if (
        tag &&
        this.region === 'answer' &&
        !(tag[1] === '/' && tag[2]?.toLowerCase() === 'answer')
      ) {
        // Inside the answer only </answer> means anything; other tags stay text.
        const end = /<[ \t]*\/[ \t]*answer[ \t]*>/i.exec(this.pending);
        if (!end) break;
        this.answerText += this.pending.slice(0, end.index);
        this.pending = this.pending.slice(end.index + end[0].length);
        this.answerClosed = true;
        this.region = 'after';
        continue;
      }
      if (!tag) break;
      const before = this.pending.slice(0, tag.index);
      this.pending = this.pending.slice(tag.index + tag[0].length);
      if (this.region === 'answer') {
        this.answerText += before;
        this.answerClosed = true;
        this.region = 'after';
        continue;
      }
      this.feedReason(before, events, true);
      this.closeStep(events);
      if (tag[2]?.toLowerCase() === 'answer') {
        if (tag[1] === '/') continue; // a stray </answer> before any <answer>: a boundary only
        this.region = 'answer';
      }
    }
    if (this.region === 'answer') {
      // Hold back what may be the start of "</answer>".
      const hold = final ? -1 : this.pending.search(TAG_PREFIX);
      const take = hold < 0 ? this.pending.length : hold;
      this.answerText += this.pending.slice(0, take);
      this.pending = this.pending.slice(take);
      return;
    }
    if (final) {
      this.feedReason(this.pending, events, true);
      this.pending = '';
      return;
    }
    const nl = this.pending.lastIndexOf('\n');
    if (nl >= 0) {
      this.feedReason(this.pending.slice(0, nl + 1), events, false);
      this.pending = this.pending.slice(nl + 1);
    }
  }

  /** Splits reasoning text into lines and applies them; `complete` means the last line ends here. */
  private feedReason(text: string, events: StepEvent[], complete: boolean): void {
    if (text === '') return;
    const lines = text.split('\n');
    if (!complete || text.endsWith('\n')) lines.pop();
    for (const line of lines) this.line(line, events);
  }

  private line(line: string, events: StepEvent[]): void {
    if (line.trim() === '') {
      this.sawBlank = true;
      return;
    }
    const marker = markerOf(line);
    const indent = indentOf(line);
    const topLevel = marker && (this.topIndent === null || marker.indent <= this.topIndent);
    if (marker && topLevel) {
      this.topIndent ??= marker.indent;
      this.closeStep(events);
      this.current = { label: marker.label, lines: marker.rest.trim() ? [marker.rest.trim()] : [] };
    } else if (
      !this.current ||
      (this.sawBlank && (this.topIndent === null || indent <= this.topIndent))
    ) {
      this.closeStep(events);
      this.current = { label: null, lines: [line.trim()] };
    } else {
      this.current.lines.push(line.trim());
    }
    this.sawBlank = false;
  }

  private closeStep(events: StepEvent[]): void {
    const cur = this.current;
    this.current = null;
    this.sawBlank = false;
    if (!cur) return;
    const { text, marks } = parseRegions(cur.lines.join('\n').trim());
    if (text === '' && cur.label === null && marks.length === 0) return;
    const step: ParsedStep = {
      index: this.steps.length + 1,
      label: cur.label,
      text,
      ...(marks.length > 0 ? { marks } : {}),
    };
    this.steps.push(step);
    events.push({ type: 'step', step });
  }

  private progress(events: StepEvent[]): void {
    if (this.region === 'reason') {
      const line = this.pending.replace(TAG_PREFIX, '');
      // A partial line that already starts with a top-level marker ("2. Sec")
      // ends the current step now; the decision cannot change as the line grows.
      const marker = markerOf(line);
      const startsStep = marker && (this.topIndent === null || marker.indent <= this.topIndent);
      if (startsStep) this.closeStep(events);
      const tail = (startsStep ? marker.rest : line).trim();
      const partial = visibleStepText(
        [...(this.current?.lines ?? []), tail].filter(Boolean).join('\n'),
      );
      const key = `r${this.steps.length}:${partial}`;
      if (partial && key !== this.lastProgress) {
        this.lastProgress = key;
        events.push({ type: 'progress', index: this.steps.length + 1, text: partial });
      }
    } else if (this.region === 'answer') {
      const key = `a:${this.answerText}`;
      if (key !== this.lastProgress) {
        this.lastProgress = key;
        events.push({ type: 'answer-progress', text: visibleStepText(this.answerText.trim()) });
      }
    }
  }
}

/** Parses a whole output at once (the same code path as streaming). */
export function parseReasoning(text: string, options: StepParserOptions = {}): ParseResult {
  const parser = new StepParser(options);
  parser.push(text);
  return parser.end().result;
}
