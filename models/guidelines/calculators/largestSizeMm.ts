// "3.2 x 2.8 cm", "32 × 28 × 30 mm", "2.1 cm": each number of a product shares the unit written last.
const MEASURE = /(\d+(?:\.\d+)?)((?:\s*(?:x|×|by)\s*\d+(?:\.\d+)?){0,2})\s*(mm|cm)\b/gi;

/**
 * The largest dimension, in mm, of the first measurement written within
 * `window` characters (and the same clause) before one of the words `near` ("a 3.2 x 2.8 cm
 * observation" → 32), or of the first measurement at all when none is.
 */
export function largestSizeMm(text: string, near: RegExp, window = 40): number | undefined {
  const all = [...text.matchAll(MEASURE)];
  const close = all.find((m) => {
    const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + window);
    // Within its own clause: not past a full stop or semicolon, nor into the next number.
    return near.test(after.split(/[.;](?:\s|$)|\d/)[0] ?? '');
  });
  const m = close ?? all[0];
  if (!m) return undefined;
  const scale = m[3]?.toLowerCase() === 'cm' ? 10 : 1;
  const numbers = [m[1], ...(m[2]?.match(/\d+(?:\.\d+)?/g) ?? [])].map(Number);
  return Math.round(Math.max(...numbers) * scale * 10) / 10;
}
