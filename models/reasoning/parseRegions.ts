/**
 * Boxes and points a Qwen-VL model writes into its reasoning, read out of a
 * step's text (issue #16 item 3). Two styles:
 *
 * - Qwen2-VL: `<|object_ref_start|>label<|object_ref_end|><|box_start|>(x1,y1),(x2,y2)<|box_end|>`
 *   on a 0–1000 grid over the image the model saw; one pair `(x,y)` is a point.
 * - Qwen2.5-VL: JSON objects `{"bbox_2d":[x1,y1,x2,y2],"label":"..."}` or
 *   `{"point_2d":[x,y],"label":"..."}` in the pixels of the image the model saw,
 *   alone, in an array, or in a ```json fence.
 *
 * The markup is replaced by its label so the user reads prose, not
 * coordinates. Which image a region belongs to: "image N" in its label or in
 * the sentence just before it, else image 1.
 */

/** A region as the model wrote it, before it is mapped to the source image. */
export interface RegionMark {
  label: string;
  /** 1-based attached image. */
  image: number;
  /** Whether the text named the image ("image 2"); otherwise image 1 was assumed. */
  imageStated: boolean;
  /** `grid-1000`: Qwen2-VL's 0–1000 grid; `model-pixels`: pixels of the image the model saw (Qwen2.5-VL). */
  space: 'grid-1000' | 'model-pixels';
  /** [x1, y1, x2, y2] in `space`, ordered; a point has x1 = x2 and y1 = y2. */
  box: [number, number, number, number];
  point: boolean;
}

export interface StepRegions {
  /** The step text with each region's markup replaced by its label. */
  text: string;
  marks: RegionMark[];
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const PAIR = new RegExp(String.raw`\(\s*(${NUMBER})\s*,\s*(${NUMBER})\s*\)`, 'g');
// Qwen2-VL: an optional object reference, then one box (or point) span.
const QWEN2_BOX =
  /(?:<\|object_ref_start\|>([^<]*)<\|object_ref_end\|>\s*)?<\|box_start\|>([^<]*)<\|box_end\|>/g;
// A lone object reference keeps its label: the token pair is markup too.
const OBJECT_REF = /<\|object_ref_start\|>([^<]*)<\|object_ref_end\|>/g;
// Qwen2.5-VL: one flat JSON object with bbox_2d or point_2d.
const JSON_OBJECT = String.raw`\{[^{}]*"(?:bbox_2d|point_2d)"[^{}]*\}`;
const JSON_GROUP = new RegExp(
  String.raw`(?:\x60{3}(?:json)?\s*)?\[\s*${JSON_OBJECT}(?:\s*,\s*${JSON_OBJECT})*\s*,?\s*\](?:\s*\x60{3})?|(?:\x60{3}(?:json)?\s*)?${JSON_OBJECT}(?:\s*\x60{3})?`,
  'g',
);
const JSON_ONE = new RegExp(JSON_OBJECT, 'g');
const IMAGE_HINT = /\bimage\s*#?\s*(\d{1,2})\b/gi;

/** The last "image N" in `text`, if any. */
function imageHint(text: string): number | null {
  let found: number | null = null;
  for (const m of text.matchAll(IMAGE_HINT)) found = Number(m[1]);
  return found !== null && found >= 1 ? found : null;
}

/** The sentence before position `at` (back to the last sentence end or line break). */
function sentenceBefore(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(before.lastIndexOf('\n'), before.search(/[.!?]\s[^.!?]*$/));
  return before.slice(start + 1);
}

function ordered(x1: number, y1: number, x2: number, y2: number): [number, number, number, number] {
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

function numbersOf(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))
    ? (value as number[])
    : null;
}

/** One Qwen2.5-VL object as a mark, or null when it is not one (bad JSON, wrong arity). */
function jsonMark(source: string): Omit<RegionMark, 'image' | 'imageStated'> | null {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const label = typeof record.label === 'string' ? record.label.trim() : '';
  const box = numbersOf(record.bbox_2d);
  if (box?.length === 4) {
    const [x1, y1, x2, y2] = box as [number, number, number, number];
    return { label, space: 'model-pixels', box: ordered(x1, y1, x2, y2), point: false };
  }
  const point = numbersOf(record.point_2d);
  if (point?.length === 2) {
    const [x, y] = point as [number, number];
    return { label, space: 'model-pixels', box: [x, y, x, y], point: true };
  }
  return null;
}

/** The boxes of one `<|box_start|>…<|box_end|>` span: one pair is a point, two a box, more pairs boxes two by two. */
function gridMarks(span: string, label: string): Omit<RegionMark, 'image' | 'imageStated'>[] {
  const pairs = [...span.matchAll(PAIR)].map((m) => [Number(m[1]), Number(m[2])] as const);
  if (pairs.length === 1) {
    const [x, y] = pairs[0]!;
    return [{ label, space: 'grid-1000', box: [x, y, x, y], point: true }];
  }
  if (pairs.length === 0 || pairs.length % 2 !== 0) return [];
  const marks: Omit<RegionMark, 'image' | 'imageStated'>[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [x1, y1] = pairs[i]!;
    const [x2, y2] = pairs[i + 1]!;
    marks.push({ label, space: 'grid-1000', box: ordered(x1, y1, x2, y2), point: false });
  }
  return marks;
}

/** Reads the regions out of one step's text; markup that holds no valid region stays as written. */
export function parseRegions(text: string): StepRegions {
  const marks: RegionMark[] = [];
  const place = (
    found: Omit<RegionMark, 'image' | 'imageStated'>[],
    whole: string,
    at: number,
    within: string,
  ): string => {
    if (found.length === 0) return whole;
    const context = sentenceBefore(within, at);
    for (const mark of found) {
      const hint = imageHint(mark.label) ?? imageHint(context);
      marks.push({ ...mark, image: hint ?? 1, imageStated: hint !== null });
    }
    return [...new Set(found.map((m) => m.label).filter(Boolean))].join(', ');
  };
  let out = text.replace(
    QWEN2_BOX,
    (whole: string, label: string | undefined, span: string, at: number, within: string) =>
      place(gridMarks(span, (label ?? '').trim()), whole, at, within),
  );
  out = out.replace(OBJECT_REF, (_whole, label: string) => label.trim());
  out = out.replace(JSON_GROUP, (whole: string, at: number, within: string) => {
    const found = [...whole.matchAll(JSON_ONE)].map((m) => jsonMark(m[0]));
    if (found.some((m) => m === null)) return whole;
    return place(found as Omit<RegionMark, 'image' | 'imageStated'>[], whole, at, within);
  });
  if (out === text) return { text, marks };
  // Tidy what the markup leaves: doubled spaces, a space before punctuation.
  const tidy = out
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/ ([,.;:)])/g, '$1')
        .trimEnd(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: tidy, marks };
}

// Markup still being written at the end of a streamed step, cut off in this
// order: an opened grounding span with no end yet, half a special token, a
// JSON object not yet closed, then the array or fence it sits in.
const PARTIAL_TAILS = [
  /<\|(?:object_ref|box|quad)_start\|>(?:(?!<\|(?:object_ref|box|quad)_end\|>)[\s\S])*$/,
  /<(?:\|[a-z_]*\|?)?$/,
  /\{[^{}]*$/,
  /(?:\x60{3}(?:json)?\s*)?\[\s*(?:\{[^{}]*\}\s*,?\s*)*$/,
  /\x60{1,3}(?:json)?\s*$/,
];

/**
 * A streamed step's partial text as the user should see it: markup the model
 * is still writing at the end left out until it is complete, and complete
 * markup replaced by its label (parseRegions).
 */
export function visibleStepText(partial: string): string {
  let text = partial;
  for (const tail of PARTIAL_TAILS) text = text.replace(tail, '');
  return parseRegions(text.trimEnd()).text;
}
