import { seededRandom } from '../random/seededRandom';

/**
 * The questions a run asks: file order, or a Fisher–Yates shuffle seeded
 * with `shuffle`, then the first `limit`. Deterministic for a given seed,
 * on every platform, so --shuffle SEED picks the same questions everywhere.
 */
export function selectItems<T>(
  entries: readonly T[],
  { limit, shuffle }: { limit?: number; shuffle?: number } = {},
): T[] {
  const out = [...entries];
  if (shuffle !== undefined) {
    const random = seededRandom(shuffle);
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
  }
  return limit === undefined ? out : out.slice(0, limit);
}
