import type { ImageBounds } from '../../reasoning/imageTokens';
import type { ImageSource, SeenImageGeometry } from '../protocol';
import { sourcePixels, type SourcePixels } from '../sourcePixels';
import { Qwen2VLImageProcessor, RawImage } from './ml';

export interface PreparedImages {
  /** [patches, 1176] f32, the images' patches concatenated in prompt order. */
  pixelValues: Float32Array;
  patchDim: number;
  /** One [t, h, w] patch grid per image, in prompt order. */
  grids: [number, number, number][];
  /** Each image as the model saw it: the size the processor resized it to is its patch grid × patch size. */
  seen: SeenImageGeometry[];
}

/** The image's pixels (sourcePixels, the one path a model server shares) as the processor's RawImage. */
export async function imagePixels(source: ImageSource, label: string): Promise<RawImage> {
  return rawImage(await sourcePixels(source, label));
}

/** The model's processor with other pixel bounds (min_pixels / max_pixels decide the vision tokens). */
export function withPixelBounds(
  processor: Qwen2VLImageProcessor,
  { minPixels, maxPixels }: Pick<ImageBounds, 'minPixels' | 'maxPixels'>,
): Qwen2VLImageProcessor {
  return new Qwen2VLImageProcessor({
    ...processor.config,
    min_pixels: minPixels,
    max_pixels: maxPixels,
  });
}
const rawImage = ({ rgb, width, height }: SourcePixels) => new RawImage(rgb, width, height, 3);

/**
 * Preprocesses each image on its own and concatenates the results in prompt
 * order: transformers.js 4.3's processor reads a list of images as frames of
 * one video and fails (docs/MODEL-CONTRACT.md "Pitfalls seen").
 */
export async function prepareImages(
  sources: ImageSource[],
  processor: Qwen2VLImageProcessor,
): Promise<PreparedImages> {
  const parts: Float32Array[] = [];
  const grids: [number, number, number][] = [];
  const seen: SeenImageGeometry[] = [];
  let patchDim = 0;
  for (const [index, source] of sources.entries()) {
    const pixels = await sourcePixels(source, `image ${index + 1}`);
    const image = rawImage(pixels);
    const { pixel_values, image_grid_thw } = await processor(image);
    const [patches, dim] = pixel_values.dims as [number, number];
    patchDim = dim;
    parts.push(pixel_values.data as Float32Array);
    const [t, h, w] = Array.from(image_grid_thw.data as BigInt64Array, Number) as [
      number,
      number,
      number,
    ];
    if (t * h * w !== patches)
      throw new Error(`prepareImages: image ${index + 1} grid ${t}×${h}×${w} ≠ ${patches} patches`);
    grids.push([t, h, w]);
    // The processor's own resize (smart resize to multiples of patch × merge,
    // within its min/max pixels) read back from its output, not recomputed.
    seen.push({
      size: [pixels.width, pixels.height],
      modelSize: [w * Number(processor.patch_size), h * Number(processor.patch_size)],
      toSource: pixels.toSource,
    });
  }
  const pixelValues = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    pixelValues.set(p, offset);
    offset += p.length;
  }
  return { pixelValues, patchDim, grids, seen };
}
