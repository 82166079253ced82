import type { StoredPixels } from './storedValues';

/**
 * YBR_FULL to RGB in place (PS3.3 C.7.6.3.1.2, ITU-R BT.601 full range).
 * Follows dcmtk's DiYBRPixelTemplate exactly (chroma centred at maxval/2,
 * coefficients 1.4020/0.3441/0.7141/1.7720, integer truncation) so that our
 * colour renders equal dcmtk's; the difference to a 128 centre is < 1 level.
 */
export function ybrToRgb(
  samples: StoredPixels,
  bitsStored: number,
  { tables = true }: { tables?: boolean } = {},
): void {
  const max = 2 ** bitsStored - 1;
  const rConst = 0.701 * max;
  const gConst = 0.5291 * max;
  const bConst = 0.8859 * max;
  const clamp = (v: number) => (v < 0 ? 0 : v > max ? max : v);
  if (bitsStored === 8 && tables) {
    // dcmtk's 8-bit lookup tables (DiYBRPixelTemplate) truncate each term before summing;
    // its YBR_FULL_422 path (DiYBR422PixelTemplate) computes in floating point, below.
    const crR = new Int32Array(256);
    const cbG = new Int32Array(256);
    const crG = new Int32Array(256);
    const cbB = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      crR[i] = Math.trunc(i * 1.402 - rConst);
      cbG[i] = Math.trunc(i * 0.3441);
      crG[i] = Math.trunc(i * 0.7141 - gConst);
      cbB[i] = Math.trunc(i * 1.772 - bConst);
    }
    for (let i = 0; i + 2 < samples.length; i += 3) {
      const y = samples[i]!;
      const cb = samples[i + 1]! & 0xff;
      const cr = samples[i + 2]! & 0xff;
      samples[i] = clamp(y + crR[cr]!);
      samples[i + 1] = clamp(y - cbG[cb]! - crG[cr]!);
      samples[i + 2] = clamp(y + cbB[cb]!);
    }
    return;
  }
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = samples[i]!;
    const cb = samples[i + 1]!;
    const cr = samples[i + 2]!;
    samples[i] = Math.trunc(clamp(y + 1.402 * cr - rConst));
    samples[i + 1] = Math.trunc(clamp(y - 0.3441 * cb - 0.7141 * cr + gConst));
    samples[i + 2] = Math.trunc(clamp(y + 1.772 * cb - bConst));
  }
}

/**
 * YBR_PARTIAL_422 / YBR_PARTIAL_420 to RGB in place (PS3.3 C.7.6.3.1.2: Y in
 * 16..235, Cb and Cr in 16..240 at 8 bits; ITU-R BT.601 studio range).
 * Follows dcmtk's DiYBRPart422PixelTemplate (diyp2pxt.h) exactly, so that
 * renders equal dcmj2pnm's: its inverse of the PS3.3 matrix with the offsets
 * scaled to the largest value of the bit depth, and truncation to an
 * integer. The pair's shared Cb and Cr are replicated to both pixels before
 * this (readNativeSamples' expand422), as dcmtk does (no interpolation).
 * Against the rounded textbook inverse (1.1644 (Y - 16) + 1.596 (Cr - 128)
 * ...) this differs by at most a level or two.
 */
export function ybrPartialToRgb(samples: StoredPixels, bitsStored: number): void {
  const max = 2 ** bitsStored - 1;
  const rConst = 0.8713 * max;
  const gConst = 0.529 * max;
  const bConst = 1.082 * max;
  const clamp = (v: number) => (v < 0 ? 0 : v > max ? max : Math.trunc(v));
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = 1.1631 * samples[i]!;
    const cb = samples[i + 1]!;
    const cr = samples[i + 2]!;
    samples[i] = clamp(y + 1.5969 * cr - rConst);
    samples[i + 1] = clamp(y - 0.3913 * cb - 0.8121 * cr + gConst);
    samples[i + 2] = clamp(y + 2.0177 * cb - bConst);
  }
}
