import { DicomError } from './DicomError';
import type { VoiWindow } from './decodeFrame';
import { decodeFrame } from './decodeFrame';
import { detectFormat, type FileFormat } from './detectFormat';
import { renderFrame } from './renderFrame';
import { fitWithin, resizeArea } from './resizeRgb';

/** Decodes PNG/JPEG/WebP to RGBA; Node passes sharp (node/decodeRasterImage.ts), the renderer the browser's decoder. */
export type RasterDecoder = (
  bytes: Uint8Array,
  format: 'png' | 'jpeg' | 'webp',
) => Promise<{ width: number; height: number; rgba: Uint8Array | Uint8ClampedArray }>;

export interface ModelImage {
  width: number;
  height: number;
  /** 8-bit RGB, packed, row-major. */
  rgb: Uint8Array;
  format: Exclude<FileFormat, 'unknown'>;
  /** Size before the cap. */
  sourceWidth: number;
  sourceHeight: number;
}

/** Default cap: 1024 x 1024 pixels, about 1370 visual tokens for Qwen2-VL (docs/MODEL-CONTRACT.md). */
export const DEFAULT_MODEL_MAX_PIXELS = 1024 * 1024;

/**
 * The image the model sees: DICOM through the same decode and display
 * pipeline as the viewer and `mmx dicom render` (window, MONOCHROME1,
 * colour), ordinary images through `decodeRaster`; then downscaled by area
 * averaging to at most `maxPixels`.
 */
export async function renderForModel(
  bytes: Uint8Array,
  {
    frame = 0,
    window,
    maxPixels = DEFAULT_MODEL_MAX_PIXELS,
    decodeRaster,
    signal,
  }: {
    frame?: number;
    window?: VoiWindow;
    maxPixels?: number;
    decodeRaster?: RasterDecoder;
    signal?: AbortSignal;
  } = {},
): Promise<ModelImage> {
  if (!Number.isFinite(maxPixels) || maxPixels < 1)
    throw new DicomError('renderForModel', `maxPixels must be at least 1, got ${maxPixels}`);
  const format = detectFormat(bytes);
  let rgba: Uint8Array | Uint8ClampedArray;
  let width: number;
  let height: number;
  if (format === 'dicom') {
    const rendered = renderFrame(
      await decodeFrame(bytes, frame, { signal }),
      window ? { window } : {},
    );
    ({ rgba, width, height } = rendered);
  } else if (format === 'png' || format === 'jpeg' || format === 'webp') {
    if (!decodeRaster)
      throw new DicomError(
        'renderForModel',
        `no decoder for ${format.toUpperCase()} images was given`,
      );
    ({ rgba, width, height } = await decodeRaster(bytes, format));
  } else {
    throw new DicomError('renderForModel', 'not a DICOM, PNG, JPEG or WebP image');
  }
  signal?.throwIfAborted();
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
    rgb[o] = rgba[i]!;
    rgb[o + 1] = rgba[i + 1]!;
    rgb[o + 2] = rgba[i + 2]!;
  }
  const size = fitWithin(width, height, maxPixels);
  return {
    width: size.width,
    height: size.height,
    rgb: resizeArea(rgb, width, height, 3, size.width, size.height),
    format,
    sourceWidth: width,
    sourceHeight: height,
  };
}
