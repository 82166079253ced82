import { MODEL_MAX_PIXELS } from '../../electron/common/schemas/ask';
import type { ImagePixels } from '../../electron/common/schemas/generation';

/** The model's image processor bounds (preprocessor_config.json), and its patch merge factor. */
export interface ImageBounds {
  minPixels: number;
  maxPixels: number;
  /** patch_size × merge_size: 28 for Qwen2-VL and Qwen2.5-VL. */
  factor: number;
}

/** transformers' defaults when preprocessor_config.json names no bounds (Qwen2VLImageProcessor). */
export const DEFAULT_IMAGE_BOUNDS: ImageBounds = {
  minPixels: 56 * 56,
  maxPixels: 28 * 28 * 1280,
  factor: 28,
};

/** `low`: at most 256 vision tokens of 28 × 28 pixels. */
export const LOW_DETAIL_MAX_PIXELS = 256 * 28 * 28;
/** `high`: a small image is enlarged to at least 512 vision tokens. */
export const HIGH_DETAIL_MIN_PIXELS = 512 * 28 * 28;

/**
 * Qwen2-VL's smart_resize as transformers.js 4.3 runs it
 * (image_processors_utils.js): both sides rounded to a multiple of `factor`,
 * the area then scaled into [minPixels, maxPixels]. Returns [height, width].
 */
export function smartResize(
  height: number,
  width: number,
  { factor, minPixels, maxPixels }: ImageBounds,
): [number, number] {
  if (height < factor || width < factor) {
    const scale = Math.max(factor / height, factor / width);
    height = Math.round(height * scale);
    width = Math.round(width * scale);
  }
  if (Math.max(height, width) / Math.min(height, width) > 200) {
    throw new Error(
      `smartResize: an image ${width}×${height} is more than 200 times longer than wide`,
    );
  }
  let h = Math.round(height / factor) * factor;
  let w = Math.round(width / factor) * factor;
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, Math.floor(height / beta / factor) * factor);
    w = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / factor) * factor;
    w = Math.ceil((width * beta) / factor) * factor;
  }
  return [h, w];
}

/** Vision tokens of one image: one per factor × factor block after smart_resize (the `<|image_pad|>` count). */
export function imageTokenCount(width: number, height: number, bounds: ImageBounds): number {
  const [h, w] = smartResize(height, width, bounds);
  return (h / bounds.factor) * (w / bounds.factor);
}

/** The bounds an image is resized into: the detail level's over the model's, explicit min/max over both. */
export function resolveImageBounds(model: ImageBounds, pixels: ImagePixels = {}): ImageBounds {
  let { minPixels, maxPixels } = model;
  if (pixels.detail === 'low') maxPixels = Math.min(maxPixels, LOW_DETAIL_MAX_PIXELS);
  if (pixels.detail === 'high') {
    maxPixels = Math.max(maxPixels, MODEL_MAX_PIXELS);
    minPixels = Math.max(minPixels, HIGH_DETAIL_MIN_PIXELS);
  }
  minPixels = Math.min(minPixels, maxPixels);
  if (pixels.maxPixels !== undefined) maxPixels = pixels.maxPixels;
  if (pixels.minPixels !== undefined) minPixels = pixels.minPixels;
  if (minPixels > maxPixels) {
    // One explicit bound against the level's other: the explicit one wins.
    if (pixels.minPixels !== undefined) maxPixels = minPixels;
    else minPixels = maxPixels;
  }
  return { factor: model.factor, minPixels, maxPixels };
}
