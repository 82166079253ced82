import { DicomError } from './DicomError';
import type { DecodedFrame, VoiWindow } from './decodeFrame';
import {
  lutTransform,
  minMaxWindow,
  modalityTransform,
  windowTransform,
  type VoiTransform,
} from './internal/voiTransform';

export interface RenderOptions {
  /** VOI window in modality-LUT units; default: the file's first window, else its VOI LUT, else min-max. */
  window?: VoiWindow;
  /** Invert the grey scale after the file's own MONOCHROME1 handling. */
  invert?: boolean;
}

export interface RenderedFrame {
  width: number;
  height: number;
  /** 8-bit RGBA, alpha 255. */
  rgba: Uint8ClampedArray;
  /** Whether the image is grey (R = G = B); PNG writers store it as one channel. */
  grayscale: boolean;
  /** The window applied to a grey image (undefined for colour or a VOI LUT). */
  window?: VoiWindow;
}

/** Min and max of a frame's stored values. */
export function storedRange(frame: DecodedFrame): { min: number; max: number } {
  const px = frame.pixels;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < px.length; i++) {
    const v = px[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The window `renderFrame` uses by default for a grey frame, or undefined when a VOI LUT applies. */
export function defaultWindow(frame: DecodedFrame): VoiWindow | undefined {
  const first = frame.windows[0];
  if (first) return first;
  if (frame.voiLut) return undefined;
  const { min, max } = storedRange(frame);
  const modality = modalityTransform(frame);
  if (frame.modalityLut) {
    // A LUT need not be monotonic: the range of its output over the stored values.
    let low = Infinity;
    let high = -Infinity;
    for (let v = min; v <= max; v++) {
      const m = modality(v);
      if (m < low) low = m;
      if (m > high) high = m;
    }
    return minMaxWindow(low, high);
  }
  const a = modality(min);
  const b = modality(max);
  return minMaxWindow(Math.min(a, b), Math.max(a, b));
}

/**
 * The display pipeline of PS3.4 Annex N / PS3.3 C.11: modality LUT (rescale
 * slope and intercept), VOI (window or VOI LUT), MONOCHROME1 inversion, then
 * 8-bit output. Colour images pass through (RGB, palette expanded).
 */
export function renderFrame(frame: DecodedFrame, options: RenderOptions = {}): RenderedFrame {
  const { width, height } = frame;
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (frame.samplesPerPixel === 3) {
    renderRgb(frame, rgba);
    return { width, height, rgba, grayscale: false };
  }
  if (frame.photometricInterpretation === 'PALETTE COLOR') {
    renderPalette(frame, rgba);
    return { width, height, rgba, grayscale: false };
  }
  if (options.window && !(options.window.width >= 1 && Number.isFinite(options.window.center))) {
    throw new DicomError(
      'renderFrame',
      `window width must be at least 1, got ${options.window.width}`,
    );
  }
  const window = options.window ?? defaultWindow(frame);
  const voi: VoiTransform = window
    ? windowTransform(window, options.window ? 'LINEAR' : frame.voiLutFunction)
    : lutTransform(frame.voiLut!);
  const invert = (frame.photometricInterpretation === 'MONOCHROME1') !== (options.invert === true);
  const modality = modalityTransform(frame);
  const toGrey = (stored: number) => {
    // Truncation, as dcmtk (dimoopxt.h) does: renders then match it grey level for grey level.
    const y = Math.floor(voi(modality(stored)) * 255);
    return invert ? 255 - y : y;
  };
  const px = frame.pixels;
  const { min, max } = lutDomain(frame);
  const integer = !(px instanceof Float32Array || px instanceof Float64Array);
  if (integer && max - min <= 1 << 20) {
    // One LUT over the stored range keeps the per-pixel cost to a table read. Int32 (not
    // Uint32) words keep the loop in small-integer arithmetic; the bytes are the same.
    const table = new Int32Array(max - min + 1);
    for (let v = min; v <= max; v++) table[v - min] = packGrey(toGrey(v));
    const out32 = new Int32Array(rgba.buffer);
    const span = max - min;
    for (let i = 0; i < px.length; i++) {
      const v = px[i]!;
      const k = v - min;
      // A value outside the domain (a frame built by hand) takes the slow path, same result.
      out32[i] = k >= 0 && k <= span ? table[k]! : packGrey(toGrey(v));
    }
  } else {
    for (let i = 0, o = 0; i < px.length; i++, o += 4) {
      const g = toGrey(px[i]!);
      rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
      rgba[o + 3] = 255;
    }
  }
  return { width, height, rgba, grayscale: true, ...(window ? { window } : {}) };
}

/**
 * The stored values the grey LUT covers: the whole Bits Stored range when that
 * is small (no pass over the pixels needed), else the frame's actual min-max.
 */
function lutDomain(frame: DecodedFrame): { min: number; max: number } {
  const bits = frame.bitsStored;
  if (bits >= 1 && bits <= 12) {
    const min = frame.signed ? -(2 ** (bits - 1)) : 0;
    return { min, max: min + 2 ** bits - 1 };
  }
  return storedRange(frame);
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** One RGBA pixel (g, g, g, 255) as the Int32 word whose bytes are in memory order. */
function packGrey(g: number): number {
  return littleEndian
    ? (0xff << 24) | (g << 16) | (g << 8) | g
    : (g << 24) | (g << 16) | (g << 8) | 0xff;
}

/** RGB samples to 8 bits by dropping low bits, as dcmtk does for colour output. */
function renderRgb(frame: DecodedFrame, rgba: Uint8ClampedArray): void {
  const px = frame.pixels;
  const shift = Math.max(frame.bitsStored - 8, 0);
  const divisor = 2 ** shift;
  for (let i = 0, o = 0; i < px.length; i += 3, o += 4) {
    rgba[o] = Math.floor(px[i]! / divisor);
    rgba[o + 1] = Math.floor(px[i + 1]! / divisor);
    rgba[o + 2] = Math.floor(px[i + 2]! / divisor);
    rgba[o + 3] = 255;
  }
}

/** PALETTE COLOR (PS3.3 C.7.6.3.1.5/6): stored value indexes three LUTs, clamped at both ends. */
function renderPalette(frame: DecodedFrame, rgba: Uint8ClampedArray): void {
  const { red, green, blue } = frame.palette!;
  const channel = (lut: typeof red) => {
    const last = lut.data.length - 1;
    const shift = lut.bitsPerEntry > 8 ? lut.bitsPerEntry - 8 : 0;
    return (v: number) => {
      const i = v - lut.firstValueMapped;
      const entry = lut.data[i < 0 ? 0 : i > last ? last : i]!;
      return shift > 0 ? entry >> shift : entry & 0xff;
    };
  };
  const [r, g, b] = [channel(red), channel(green), channel(blue)];
  const px = frame.pixels;
  for (let i = 0, o = 0; i < px.length; i++, o += 4) {
    const v = px[i]!;
    rgba[o] = r(v);
    rgba[o + 1] = g(v);
    rgba[o + 2] = b(v);
    rgba[o + 3] = 255;
  }
}
