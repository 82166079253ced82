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

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const UNIT = String.raw`\s*-?\s*(mm|millimet(?:er|re)s?|cm|centimet(?:er|re)s?)\b`;
const toMm = (value: string, unit: string) => Number(value) * (unit.startsWith('c') ? 10 : 1);

function normalise(text: string): string {
  return text
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/≤/g, ' at most ')
    .replace(/≥/g, ' at least ')
    .replace(/</g, ' under ')
    .replace(/>/g, ' over ');
}

/** Every size a text states, in mm ("7 mm", "0.7 cm", "1.5-cm", "6 to 8 mm" gives 6 and 8). */
export function sizesInMm(text: string): number[] {
  const t = normalise(text);
  const sizes: number[] = [];
  for (const m of t.matchAll(new RegExp(`${NUM}\\s*(?:to|-|and)\\s*${NUM}${UNIT}`, 'gi')))
    sizes.push(toMm(m[1] as string, m[3] as string), toMm(m[2] as string, m[3] as string));
  const single = t.replace(new RegExp(`${NUM}\\s*(?:to|-|and)\\s*${NUM}${UNIT}`, 'gi'), ' ');
  for (const m of single.matchAll(new RegExp(`${NUM}${UNIT}`, 'gi')))
    sizes.push(toMm(m[1] as string, m[2] as string));
  // "under 1 mm3" volumes are not diameters.
  return sizes.filter((s) => Number.isFinite(s) && s > 0);
}

const BELOW = String.raw`(?:under|below|smaller than|less than|up to|at most|no more than)`;
const ABOVE = String.raw`(?:over|above|larger than|greater than|more than|bigger than|exceeding)`;
const AT_LEAST = String.raw`(?:at least|or more|or larger|or greater|and larger|and above|or bigger)`;

/** The size intervals a passage's heading or keywords state ("6 to 8 mm", "under 6 mm", "8 mm or larger", ">8 mm"). */
export function sizeRanges(text: string): SizeRange[] {
  const t = normalise(text);
  const ranges: SizeRange[] = [];
  let rest = t;
  const take = (re: RegExp, make: (m: RegExpMatchArray) => SizeRange) => {
    for (const m of rest.matchAll(re)) ranges.push(make(m));
    rest = rest.replace(re, ' ');
  };
  take(new RegExp(`${NUM}\\s*(?:to|-|and)\\s*${NUM}${UNIT}`, 'gi'), (m) => ({
    min: toMm(m[1] as string, m[3] as string),
    max: toMm(m[2] as string, m[3] as string),
    minOpen: false,
    maxOpen: false,
  }));
  take(new RegExp(`${BELOW}\\s*${NUM}${UNIT}`, 'gi'), (m) => ({
    min: 0,
    max: toMm(m[1] as string, m[2] as string),
    minOpen: false,
    maxOpen: !/up to|at most|no more than/i.test(m[0]),
  }));
  take(new RegExp(`${ABOVE}\\s*${NUM}${UNIT}`, 'gi'), (m) => ({
    min: toMm(m[1] as string, m[2] as string),
    max: Infinity,
    minOpen: true,
    maxOpen: false,
  }));
  take(new RegExp(`${NUM}${UNIT}\\s*${AT_LEAST}|at least\\s*${NUM}${UNIT}`, 'gi'), (m) => ({
    min: toMm((m[1] ?? m[3]) as string, (m[2] ?? m[4]) as string),
    max: Infinity,
    minOpen: false,
    maxOpen: false,
  }));
  return ranges;
}

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
