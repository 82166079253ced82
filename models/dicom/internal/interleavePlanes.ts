import type { StoredPixels } from './storedValues';

/** Turns RRR..GGG..BBB.. into RGBRGB.. (planar configuration 1 to 0, PS3.3 C.7.6.3.1.3). */
export function interleavePlanes<T extends StoredPixels>(planar: T, pixels: number): T {
  const out = new (planar.constructor as new (n: number) => T)(pixels * 3);
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[j] = planar[i]!;
    out[j + 1] = planar[i + pixels]!;
    out[j + 2] = planar[i + 2 * pixels]!;
  }
  return out;
}
