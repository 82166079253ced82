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
 * 16..235, Cb and Cr in 16..240 at 8 bits; ITU-R BT.601 studio range),
 * scaled to the bit depth.
 */
export function ybrPartialToRgb(samples: StoredPixels, bitsStored: number): void {
  const max = 2 ** bitsStored - 1;
  const f = 2 ** (bitsStored - 8);
  const clamp = (v: number) => (v < 0 ? 0 : v > max ? max : Math.round(v));
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = 1.1644 * (samples[i]! - 16 * f);
    const cb = samples[i + 1]! - 128 * f;
    const cr = samples[i + 2]! - 128 * f;
    samples[i] = clamp(y + 1.596 * cr);
    samples[i + 1] = clamp(y - 0.3918 * cb - 0.813 * cr);
    samples[i + 2] = clamp(y + 2.0172 * cb);
  }
}
