import { MODEL_MAX_PIXELS } from '../../electron/common/schemas/ask';
import { DicomError } from './DicomError';
import type { DecodedFrame, VoiWindow } from './decodeFrame';
import { decodeFrame } from './decodeFrame';
import { detectFormat, type FileFormat } from './detectFormat';
import { orientPixels, type Orientation } from './orientPixels';
import {
  composeAffine,
  IDENTITY_AFFINE,
  invertAffine,
  orientationAffine,
  scaleAffine,
  type Affine,
} from './pixelAffine';
import { renderFrame } from './renderFrame';
import { fitWithin, resizeArea } from './resizeRgb';

/** Decodes PNG/JPEG/WebP to RGBA; Node passes sharp (node/decodeRasterImage.ts), the renderer the browser's decoder. */
export type RasterDecoder = (
  bytes: Uint8Array,
  format: 'png' | 'jpeg' | 'webp',
) => Promise<{ width: number; height: number; rgba: Uint8Array | Uint8ClampedArray }>;

/** The pixels the model sees. */
export interface ModelPixels {
  width: number;
  height: number;
  /** 8-bit RGB, packed, row-major, at most MODEL_MAX_PIXELS pixels. */
  rgb: Uint8Array<ArrayBuffer>;
  /** Size before the cap (after rotation). */
  sourceWidth: number;
  sourceHeight: number;
  /**
   * From these pixels back to the source's (the DICOM frame's columns and
   * rows, or the ordinary image's pixels), in continuous pixel coordinates:
   * the cap's resize and the view's flips and quarter turns undone. Zoom and
   * pan are not in it because they never reach the model (DisplayView).
   */
  toSource: Affine;
}

export interface ModelImage extends ModelPixels {
  format: Exclude<FileFormat, 'unknown'>;
}

/**
 * How the viewer shows a frame. The model gets the whole frame as windowed,
 * inverted, rotated and flipped; zoom and pan only frame the view on screen
 * and are not applied (the model would otherwise lose the parts off screen).
 */
export interface DisplayView extends Partial<Orientation> {
  /** The window shown, in modality units; undefined keeps the file's default. */
  window?: VoiWindow;
  /** Inverted relative to the file's own photometric interpretation (MONOCHROME1 already shows inverted). */
  invert?: boolean;
}

export type ModelPixelSource =
  | { frame: DecodedFrame; view?: DisplayView }
  | { rgba: Uint8Array | Uint8ClampedArray; width: number; height: number };

/**
 * The one producer of the model's pixels, for the viewer's "Send to model",
 * `mmx ask --image` and the worker alike: a decoded DICOM frame through the
 * display pipeline of the viewer and `mmx dicom render` (modality LUT, VOI,
 * MONOCHROME1, colour) with the view's window, invert and orientation, or an
 * ordinary image's RGBA; then RGB, area-averaged down to at most `maxPixels`.
 */
export function modelPixels(
  source: ModelPixelSource,
  maxPixels: number = MODEL_MAX_PIXELS,
): ModelPixels {
  if (!Number.isFinite(maxPixels) || maxPixels < 1)
    throw new DicomError('modelPixels', `maxPixels must be at least 1, got ${maxPixels}`);
  let rgba: Uint8Array | Uint8ClampedArray;
  let width: number;
  let height: number;
  let orientedToSource = IDENTITY_AFFINE;
  if ('frame' in source) {
    const view = source.view ?? {};
    const rendered = renderFrame(source.frame, {
      ...(view.window ? { window: view.window } : {}),
      invert: view.invert ?? false,
    });
    const orientation = {
      rotation: view.rotation ?? 0,
      hflip: view.hflip ?? false,
      vflip: view.vflip ?? false,
    };
    const oriented = orientPixels(rendered.rgba, rendered.width, rendered.height, 4, orientation);
    ({ pixels: rgba, width, height } = oriented);
    orientedToSource = invertAffine(
      orientationAffine(rendered.width, rendered.height, orientation),
    );
  } else {
    ({ rgba, width, height } = source);
    if (rgba.length !== width * height * 4)
      throw new DicomError(
        'modelPixels',
        `RGBA of ${width}×${height} needs ${width * height * 4} bytes, got ${rgba.length}`,
      );
  }
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
    sourceWidth: width,
    sourceHeight: height,
    // resizeArea maps output pixel x to source x · width / outWidth (its sx).
    toSource: composeAffine(
      orientedToSource,
      scaleAffine(width / size.width, height / size.height),
    ),
  };
}

/**
 * The image the model sees of a file (`mmx ask --image`, the worker): the
 * format by its signature, DICOM decoded (frame `frame`, the file's default
 * window unless `window` is given), ordinary images through `decodeRaster`;
 * then modelPixels.
 */
export async function renderForModel(
  bytes: Uint8Array,
  {
    frame = 0,
    window,
    maxPixels = MODEL_MAX_PIXELS,
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
  const format = detectFormat(bytes);
  if (format === 'dicom') {
    const decoded = await decodeFrame(bytes, frame, { signal });
    signal?.throwIfAborted();
    return { ...modelPixels({ frame: decoded, view: { window } }, maxPixels), format };
  }
  if (format === 'png' || format === 'jpeg' || format === 'webp') {
    if (!decodeRaster)
      throw new DicomError(
        'renderForModel',
        `no decoder for ${format.toUpperCase()} images was given`,
      );
    const raster = await decodeRaster(bytes, format);
    signal?.throwIfAborted();
    return { ...modelPixels(raster, maxPixels), format };
  }
  throw new DicomError('renderForModel', 'not a DICOM, PNG, JPEG or WebP image');
}
