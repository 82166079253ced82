import type { AskImage } from '../../../../electron/common/schemas/ask';
import {
  decodeFrame,
  fitWithin,
  renderFrame,
  resizeArea,
  type ParsedDicom,
  type VoiWindow,
} from '../../../../models/dicom/index';
import { MODEL_MAX_PIXELS, encodeForModel } from './captureForModel';
import { orientPixels, type Orientation } from './orientRgba';

export interface DicomViewSettings extends Orientation {
  frame: number;
  /** The window shown now, in modality units; undefined keeps the file's default. */
  window?: VoiWindow;
  /** Inverted relative to the file's own photometric interpretation (MONOCHROME1 already shows inverted). */
  invert: boolean;
}

/**
 * 8-bit RGB of the frame as displayed, at most MODEL_MAX_PIXELS: the same
 * decodeFrame → renderFrame → resizeArea path as `mmx dicom render` and
 * renderForModel, plus the viewer's invert, rotation and flips.
 */
export async function renderDicomView(
  source: Uint8Array | ParsedDicom,
  settings: DicomViewSettings,
  maxPixels = MODEL_MAX_PIXELS,
): Promise<{ width: number; height: number; rgb: Uint8Array }> {
  const frame = await decodeFrame(source, settings.frame);
  const rendered = renderFrame(frame, {
    ...(settings.window ? { window: settings.window } : {}),
    invert: settings.invert,
  });
  const oriented = orientPixels(rendered.rgba, rendered.width, rendered.height, 4, settings);
  const rgb = new Uint8Array(oriented.width * oriented.height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
    rgb[o] = oriented.pixels[i]!;
    rgb[o + 1] = oriented.pixels[i + 1]!;
    rgb[o + 2] = oriented.pixels[i + 2]!;
  }
  const size = fitWithin(oriented.width, oriented.height, maxPixels);
  return {
    ...size,
    rgb: resizeArea(rgb, oriented.width, oriented.height, 3, size.width, size.height),
  };
}

/** The displayed DICOM frame as the model's PNG attachment. */
export async function captureDicomView(
  source: Uint8Array | ParsedDicom,
  settings: DicomViewSettings,
  name: string,
): Promise<AskImage> {
  const { width, height, rgb } = await renderDicomView(source, settings);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    rgba[o] = rgb[i]!;
    rgba[o + 1] = rgb[i + 1]!;
    rgba[o + 2] = rgb[i + 2]!;
    rgba[o + 3] = 255;
  }
  return encodeForModel(new ImageData(rgba, width, height), name);
}
