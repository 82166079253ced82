import type { DecodedFrame, Lut, VoiWindow } from '../decodeFrame';

/** Maps a modality-LUT output value to [0, 1] display intensity (before MONOCHROME1 inversion). */
export type VoiTransform = (x: number) => number;

/**
 * VOI window functions of PS3.3 C.11.2.1.2 (LINEAR), C.11.2.1.3.2
 * (LINEAR_EXACT) and C.11.2.1.3.1 (SIGMOID), with output range [0, 1].
 */
export function windowTransform(
  { center: c, width: w }: VoiWindow,
  fn: DecodedFrame['voiLutFunction'],
): VoiTransform {
  if (fn === 'SIGMOID') return (x) => 1 / (1 + Math.exp((-4 * (x - c)) / w));
  if (fn === 'LINEAR_EXACT') {
    const low = c - w / 2;
    const high = c + w / 2;
    return (x) => (x <= low ? 0 : x > high ? 1 : (x - c) / w + 0.5);
  }
  // C.11.2.1.2.1: width >= 1; the -0.5 and (w-1) terms centre integer input.
  const w1 = Math.max(w, 1) - 1;
  const low = c - 0.5 - w1 / 2;
  const high = c - 0.5 + w1 / 2;
  if (w1 === 0) return (x) => (x <= low ? 0 : 1);
  return (x) => (x <= low ? 0 : x > high ? 1 : (x - (c - 0.5)) / w1 + 0.5);
}

/** VOI LUT (PS3.3 C.11.2.1.1): values below the first mapped use the first entry, above the last the last. */
export function lutTransform(lut: Lut): VoiTransform {
  const last = lut.data.length - 1;
  let max = 2 ** Math.min(Math.max(lut.bitsPerEntry, 1), 16) - 1;
  // Many files say 16 bits per entry but fill only 12 (or less); scale by what the table reaches.
  let dataMax = 0;
  for (const v of lut.data) if (v > dataMax) dataMax = v;
  if (dataMax > 0 && dataMax < max && lut.bitsPerEntry === 16 && dataMax < 2 ** 15)
    max = 2 ** Math.ceil(Math.log2(dataMax + 1)) - 1;
  return (x) => {
    const i = Math.round(x) - lut.firstValueMapped;
    return lut.data[i < 0 ? 0 : i > last ? last : i]! / max;
  };
}

/** The modality transform (PS3.3 C.11.1): the Modality LUT if the frame has one, else rescale. */
export function modalityTransform(
  frame: Pick<DecodedFrame, 'modalityLut' | 'rescaleSlope' | 'rescaleIntercept'>,
): (stored: number) => number {
  const lut = frame.modalityLut;
  if (!lut) {
    const { rescaleSlope: slope, rescaleIntercept: intercept } = frame;
    return (v) => v * slope + intercept;
  }
  const last = lut.data.length - 1;
  // C.11.1.1.1: values below the first mapped use the first entry, above the last the last.
  return (v) => {
    const i = v - lut.firstValueMapped;
    return lut.data[i < 0 ? 0 : i > last ? last : i]!;
  };
}

/**
 * The window dcmtk's `+Wm` (min-max) computes over the modality-LUT output:
 * centre (min + max + 1) / 2, width max - min + 1, which maps min to black
 * and max to white through the linear function above.
 */
export function minMaxWindow(min: number, max: number): VoiWindow {
  return { center: (min + max + 1) / 2, width: Math.max(max - min + 1, 1) };
}
