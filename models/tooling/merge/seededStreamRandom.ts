/**
 * A small seeded generator (sfc32, from PractRand) so DARE drops are the
 * same for the same --seed on every machine; `stream` separates modules and
 * experts. Returns uniform 32-bit integers.
 */
export function seededStreamRandom(seed: number, stream: string): () => number {
  // Fold seed and stream name into four 32-bit words (FNV-1a style mixing).
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const words: number[] = [];
  const text = `${seed}:${stream}`;
  for (let w = 0; w < 4; w++) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d ^ w);
    words.push(h >>> 0);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
