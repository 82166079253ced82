/** The pixels one image is resized into (preprocessor_config.json min_pixels / max_pixels). */
export interface ImagePixelBounds {
  minPixels?: number;
  maxPixels?: number;
}

/** One vision token per 28 × 28 block: patch_size 14 × merge_size 2 (Qwen2-VL, Qwen2.5-VL). */
const FACTOR = 28;
/** transformers' Qwen2VLImageProcessor defaults when the config names no bounds. */
const DEFAULT_MIN_PIXELS = 56 * 56;
const DEFAULT_MAX_PIXELS = 28 * 28 * 1280;

/**
 * The vision tokens of one image for a Qwen2-VL-family model, as its image
 * processor counts them: transformers' `smart_resize`
 * (models/qwen2_vl/image_processing_qwen2_vl.py) rounds both sides to
 * multiples of 28 and scales the area into [min_pixels, max_pixels]; each
 * 28 × 28 block is one `<|image_pad|>` token. The two tokens around them
 * (`<|vision_start|>`, `<|vision_end|>`) are not included.
 */
export function qwenImageTokens(
  width: number,
  height: number,
  { minPixels = DEFAULT_MIN_PIXELS, maxPixels = DEFAULT_MAX_PIXELS }: ImagePixelBounds = {},
): number {
  let h = Math.max(FACTOR, Math.round(height / FACTOR) * FACTOR);
  let w = Math.max(FACTOR, Math.round(width / FACTOR) * FACTOR);
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(FACTOR, Math.floor(height / beta / FACTOR) * FACTOR);
    w = Math.max(FACTOR, Math.floor(width / beta / FACTOR) * FACTOR);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / FACTOR) * FACTOR;
    w = Math.ceil((width * beta) / FACTOR) * FACTOR;
  }
  return (h / FACTOR) * (w / FACTOR);
}
