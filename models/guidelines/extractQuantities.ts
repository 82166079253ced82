/**
 * Sizes and category codes in guideline text and reasoning steps, so that a
 * "7 mm" step prefers the passage whose stated range contains 7 mm and a
 * "TR4" step the passage about TR4. Isomorphic; no Node APIs.
 */

/** A size interval in millimetres; bounds are inclusive unless marked open. */
export interface SizeRange {
  min: number;
  max: number;
  minOpen: boolean;
  maxOpen: boolean;
}

/** A category code in one family: `category` (Lung-RADS, TR, LR, PI-RADS, O-RADS, BI-RADS, Bosniak, class), `grade`, `type`, `stage`. */
export interface CategoryCode {
  family: string;
  value: string;
}

/** A unit the linker compares: sizes (mm, cm as mm), attenuation (HU) and percentages (a RECIST change, a share of the surface). */
export type Dimension = 'mm' | 'hu' | 'pct';

interface UnitSpec {
  num: string;
  unit: string;
  scale: (unit: string) => number;
}

const UNITS: Record<Dimension, UnitSpec> = {
  mm: {
    num: String.raw`(\d+(?:\.\d+)?)`,
    unit: String.raw`\s*-?\s*(mm|millimet(?:er|re)s?|cm|centimet(?:er|re)s?)\b`,
    scale: (unit) => (unit.toLowerCase().startsWith('c') ? 10 : 1),
  },
  hu: {
    num: String.raw`(-?\d+(?:\.\d+)?)`,
    unit: String.raw`\s*(hu|hounsfield units?)\b`,
    scale: () => 1,
  },
  pct: {
    num: String.raw`(\d+(?:\.\d+)?)`,
    unit: String.raw`\s*(%|percent\b|per cent\b)`,
    scale: () => 1,
  },
};

function normalise(text: string): string {
  return text
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/≤/g, ' at most ')
    .replace(/≥/g, ' at least ')
    .replace(/</g, ' under ')
    .replace(/>/g, ' over ');
}

// "6 to 8 mm", "6-8 mm"; a range needs a unit after its second number.
// Compiled once per unit: valuesIn runs for every reasoning step.
const rangeRe = ({ num, unit }: UnitSpec) =>
  new RegExp(`${num}\\s*(?:to|-|and)\\s*${num}${unit}`, 'gi');
const PATTERNS = Object.fromEntries(
  Object.entries(UNITS).map(([d, spec]) => [
    d,
    { range: rangeRe(spec), value: new RegExp(`${spec.num}${spec.unit}`, 'gi') },
  ]),
) as Record<Dimension, { range: RegExp; value: RegExp }>;

/** Every value a text states in one dimension ("7 mm", "0.7 cm" → 7; "6 to 8 mm" → 6 and 8; "8 HU"). */
export function valuesIn(text: string, dimension: Dimension): number[] {
  const spec = UNITS[dimension];
  const { range, value } = PATTERNS[dimension];
  const t = normalise(text);
  const values: number[] = [];
  for (const m of t.matchAll(range)) {
    const k = spec.scale(m[3] as string);
    values.push(Number(m[1]) * k, Number(m[2]) * k);
  }
  for (const m of t.replace(range, ' ').matchAll(value)) {
    const v = Number(m[1]) * spec.scale(m[2] as string);
    // "deeper than 3 cm" is a size past 3 cm, not 3 cm: it lies inside "over 3 cm", outside "up to 3 cm".
    const before = t.slice(Math.max(0, (m.index ?? 0) - 24), m.index);
    const side = STRICT_ABOVE_END.test(before) ? 1 : STRICT_BELOW_END.test(before) ? -1 : 0;
    values.push(v + side * COMPARISON_STEP);
  }
  return values.filter((v) => Number.isFinite(v) && (dimension === 'hu' || v > 0));
}

// How far past its bound a strict comparison puts a value ("over 8 mm" → 8.01 mm).
const COMPARISON_STEP = 0.01;

/** Every size a text states, in mm. */
export const sizesInMm = (text: string): number[] => valuesIn(text, 'mm');

const BELOW = String.raw`(?:under|below|smaller than|less than|thinner than|shorter than|up to|at most|no more than)`;
const ABOVE = String.raw`(?:over|above|larger than|greater than|more than|bigger than|deeper than|thicker than|longer than|wider than|exceeding)`;
// A strict comparison just before a value (see valuesIn).
const STRICT_ABOVE_END =
  /(?:over|above|larger than|greater than|more than|bigger than|deeper than|thicker than|longer than|wider than|exceeding)\s*$/i;
const STRICT_BELOW_END = /(?:under|below|smaller than|less than|thinner than|shorter than)\s*$/i;
const AT_LEAST = String.raw`(?:at least|or more|or larger|or greater|and larger|and above|or bigger|or higher)`;
const AT_MOST = String.raw`(?:or less|or smaller|or lower|or below|or under)`;

/** The intervals a text states in one dimension ("6 to 8 mm", "under 6 mm", "8 mm or larger", "10 HU or less"). */
export function rangesIn(text: string, dimension: Dimension): SizeRange[] {
  const spec = UNITS[dimension];
  const { num, unit } = spec;
  const value = (n: string, u: string) => Number(n) * spec.scale(u);
  const ranges: SizeRange[] = [];
  let rest = normalise(text);
  const take = (re: RegExp, make: (m: RegExpMatchArray) => SizeRange) => {
    for (const m of rest.matchAll(re)) ranges.push(make(m));
    rest = rest.replace(re, ' ');
  };
  take(PATTERNS[dimension].range, (m) => ({
    min: value(m[1] as string, m[3] as string),
    max: value(m[2] as string, m[3] as string),
    minOpen: false,
    maxOpen: false,
  }));
  take(new RegExp(`${BELOW}\\s*${num}${unit}`, 'gi'), (m) => ({
    min: -Infinity,
    max: value(m[1] as string, m[2] as string),
    minOpen: false,
    maxOpen: !/up to|at most|no more than/i.test(m[0]),
  }));
  take(new RegExp(`${num}${unit}\\s*${AT_MOST}`, 'gi'), (m) => ({
    min: -Infinity,
    max: value(m[1] as string, m[2] as string),
    minOpen: false,
    maxOpen: false,
  }));
  take(new RegExp(`${ABOVE}\\s*${num}${unit}`, 'gi'), (m) => ({
    min: value(m[1] as string, m[2] as string),
    max: Infinity,
    minOpen: true,
    maxOpen: false,
  }));
  take(new RegExp(`${num}${unit}\\s*${AT_LEAST}|at least\\s*${num}${unit}`, 'gi'), (m) => ({
    min: value((m[1] ?? m[3]) as string, (m[2] ?? m[4]) as string),
    max: Infinity,
    minOpen: false,
    maxOpen: false,
  }));
  return ranges;
}

/** The size intervals a text states, in mm. */
export const sizeRanges = (text: string): SizeRange[] => rangesIn(text, 'mm');

export const rangeContains = (r: SizeRange, mm: number): boolean =>
  (r.minOpen ? mm > r.min : mm >= r.min) && (r.maxOpen ? mm < r.max : mm <= r.max);

const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6' };

// A code word, then the value: "Lung-RADS 4A", "TR4", "LR-5", "PI-RADS 4",
// "Bosniak IIF", "O-RADS 3", "category 4B", "grade III", "type II", "stage 3".
const CODE = new RegExp(
  String.raw`\b(lung-?rads|ti-?rads|li-?rads|pi-?rads|o-?rads|bi-?rads|bosniak|category|class|grade|type|stage|tr|lr)` +
    String.raw`(?:\s*(?:category|class|grade|score))?\s*-?\s*` +
    String.raw`(\d[a-c]?|x|[1-6]x|iv|v|iii|ii|i|iif|2f|na|nc|m|tiv)(?![a-z0-9])`,
  'gi',
);

const FAMILY: Record<string, string> = { grade: 'grade', type: 'type', stage: 'stage' };

/** Category codes a text names, values normalised ("IIF" → "2f", "LR-M" → "m"). */
export function categoryCodes(text: string): CategoryCode[] {
  const codes: CategoryCode[] = [];
  for (const m of normalise(text).matchAll(CODE)) {
    const word = (m[1] as string).toLowerCase().replace('-', '');
    let value = (m[2] as string).toLowerCase();
    if (value.endsWith('f') && ROMAN[value.slice(0, -1)]) value = `${ROMAN[value.slice(0, -1)]}f`;
    value = ROMAN[value] ?? value;
    // "type 2 diabetes" and "grade of" are not codes of interest; single letters only after a system name.
    if (/^[a-z]+$/.test(value) && ['category', 'class', 'grade', 'type', 'stage'].includes(word))
      continue;
    codes.push({ family: FAMILY[word] ?? 'category', value });
  }
  return codes;
}
