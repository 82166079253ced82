/**
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator): small, fast
 * and the same on every platform, so --shuffle SEED picks the same questions
 * everywhere.
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The questions a run asks: file order, or a Fisher–Yates shuffle seeded
 * with `shuffle`, then the first `limit`. Deterministic for a given seed.
 */
export function selectItems<T>(
  entries: readonly T[],
  { limit, shuffle }: { limit?: number; shuffle?: number } = {},
): T[] {
  const out = [...entries];
  if (shuffle !== undefined) {
    const random = mulberry32(shuffle);
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
  }
  return limit === undefined ? out : out.slice(0, limit);
}
