import { MODEL_MAX_PIXELS } from '../../../electron/common/schemas/ask';
import { MAX_PIXELS, MIN_PIXELS } from '../configFiles';

/**
 * The sizes an image goes through on its way into a fixture model, worked out
 * for tests from the published rules rather than from the code under test:
 * the app's cap keeps the aspect ratio and floors (MODEL_MAX_PIXELS), then
 * Qwen2-VL's smart_resize (qwen_vl_utils; transformers
 * image_processing_qwen2_vl) to multiples of 28 within the fixture's
 * min/max pixels.
 */
export function cappedSize(width: number, height: number): [number, number] {
  if (width * height <= MODEL_MAX_PIXELS) return [width, height];
  const s = Math.sqrt(MODEL_MAX_PIXELS / (width * height));
  return [Math.floor(width * s), Math.floor(height * s)];
}

export function smartResizedSize(width: number, height: number): [number, number] {
  const f = 28;
  let h = Math.round(height / f) * f;
  let w = Math.round(width / f) * f;
  if (h * w > MAX_PIXELS) {
    const beta = Math.sqrt((height * width) / MAX_PIXELS);
    h = Math.floor(height / beta / f) * f;
    w = Math.floor(width / beta / f) * f;
  } else if (h * w < MIN_PIXELS) {
    const beta = Math.sqrt(MIN_PIXELS / (height * width));
    h = Math.ceil((height * beta) / f) * f;
    w = Math.ceil((width * beta) / f) * f;
  }
  return [w, h];
}
