import type { CornerstoneImage } from 'cornerstone-core';
import {
  defaultWindow,
  renderFrame,
  storedRange,
  type DecodedFrame,
} from '../../../../../models/dicom/index';

/**
 * A cornerstone image object from one decoded frame. Grey images keep their
 * stored values with Rescale Slope/Intercept, so cornerstone's VOI and the
 * ROI statistics of cornerstone-tools (getPixels applies the modality LUT)
 * are in modality units, HU for CT (PS3.3 C.11.1). Colour and palette images
 * are handed over as display RGBA from the same renderFrame the CLI uses.
 */
export function createCornerstoneImage(imageId: string, frame: DecodedFrame): CornerstoneImage {
  const spacing = frame.info.pixelSpacing;
  // Pixel Spacing is row spacing \ column spacing, in mm (PS3.3 10.7.1.3).
  const geometry = {
    imageId,
    rows: frame.height,
    columns: frame.width,
    height: frame.height,
    width: frame.width,
    ...(spacing && spacing.length === 2 && spacing[0]! > 0 && spacing[1]! > 0
      ? { rowPixelSpacing: spacing[0]!, columnPixelSpacing: spacing[1]! }
      : {}),
  };
  // Float pixels (parametric maps) too: cornerstone's LUTs index integer values.
  const float = frame.pixels instanceof Float32Array || frame.pixels instanceof Float64Array;
  if (frame.samplesPerPixel === 3 || frame.photometricInterpretation === 'PALETTE COLOR' || float) {
    const { rgba } = renderFrame(frame);
    return {
      ...geometry,
      color: true,
      rgba: false,
      invert: false,
      minPixelValue: 0,
      maxPixelValue: 255,
      slope: 1,
      intercept: 0,
      windowCenter: 127.5,
      windowWidth: 256,
      getPixelData: () => rgba,
      sizeInBytes: rgba.byteLength,
    };
  }
  const { min, max } = storedRange(frame);
  const fileWindow = defaultWindow(frame);
  const window = fileWindow ?? modalityRangeWindow(frame, min, max);
  // No window but a VOI LUT Sequence: show the LUT, as renderFrame and the CLI
  // do (PS3.3 C.11.2.1.1); dragging the window replaces it with a linear one.
  const voiLUT =
    !fileWindow && frame.voiLut
      ? {
          firstValueMapped: frame.voiLut.firstValueMapped,
          numBitsPerEntry: frame.voiLut.bitsPerEntry,
          lut: Array.from(frame.voiLut.data),
        }
      : undefined;
  return {
    ...geometry,
    color: false,
    // PS3.3 C.7.6.3.1.2: MONOCHROME1 shows the minimum as white.
    invert: frame.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: min,
    maxPixelValue: max,
    slope: frame.rescaleSlope,
    intercept: frame.rescaleIntercept,
    windowCenter: window.center,
    windowWidth: window.width,
    getPixelData: () => frame.pixels,
    sizeInBytes: frame.pixels.byteLength,
    ...(voiLUT ? { voiLUT } : {}),
    ...(frame.modalityLut
      ? {
          modalityLUT: {
            firstValueMapped: frame.modalityLut.firstValueMapped,
            numBitsPerEntry: frame.modalityLut.bitsPerEntry,
            lut: Array.from(frame.modalityLut.data),
          },
        }
      : {}),
  };
}

/**
 * A PNG, JPEG or WebP image as a cornerstone colour image: the same viewport
 * tools as a DICOM secondary capture; window/level acts on each channel.
 */
export function createRasterCornerstoneImage(
  imageId: string,
  { width, height, rgba }: { width: number; height: number; rgba: Uint8ClampedArray },
): CornerstoneImage {
  return {
    imageId,
    rows: height,
    columns: width,
    height,
    width,
    color: true,
    rgba: false,
    invert: false,
    minPixelValue: 0,
    maxPixelValue: 255,
    slope: 1,
    intercept: 0,
    windowCenter: 127.5,
    windowWidth: 256,
    getPixelData: () => rgba,
    sizeInBytes: rgba.byteLength,
  };
}

/** Window over the full modality-LUT range: the starting point when the file gives no window. */
export function modalityRangeWindow(
  frame: Pick<DecodedFrame, 'rescaleSlope' | 'rescaleIntercept'>,
  min: number,
  max: number,
): { center: number; width: number } {
  const a = min * frame.rescaleSlope + frame.rescaleIntercept;
  const b = max * frame.rescaleSlope + frame.rescaleIntercept;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
}
