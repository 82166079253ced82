import type { AskImage } from '../../../../electron/common/schemas/ask';
import { modelPixels, type DecodedFrame, type DisplayView } from '../../../../models/dicom/index';

/**
 * The displayed DICOM frame as the model's attachment: the frame the viewer
 * already decoded, through models/dicom modelPixels (the same function as
 * `mmx ask --image` and the worker) with the viewer's window, invert and
 * orientation. The RGB travels as it is; no PNG in between.
 */
export function captureDicomView(
  frame: DecodedFrame,
  view: DisplayView,
  name: string,
  source: { frame: number; item?: string } = { frame: 0 },
): AskImage {
  const { width, height, rgb, toSource } = modelPixels({ frame, view });
  // The origin lets the model's boxes be drawn back on this frame (regions.ts).
  return { name, width, height, rgb, origin: { toSource, ...source } };
}
