import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DicomError } from '../../dicom/DicomError';
import { decodeRasterImage } from '../../dicom/node/decodeRasterImage';
import { MODEL_MAX_PIXELS } from '../../../electron/common/schemas/ask';
import { renderForModel } from '../../dicom/renderForModel';
import type { ImageSource } from '../protocol';
import { RawImage, type Qwen2VLImageProcessor } from './ml';

export interface PreparedImages {
  /** [patches, 1176] f32, the images' patches concatenated in prompt order. */
  pixelValues: Float32Array;
  patchDim: number;
  /** One [t, h, w] patch grid per image, in prompt order. */
  grids: [number, number, number][];
}

/**
 * The pixels of one image source, all through models/dicom's one producer:
 * RGB from the app is already modelPixels' output (used as it is); files and bytes (`mmx ask --image`, eval) go through
 * renderForModel, which tells DICOM from PNG/JPEG/WebP by signature.
 */
export async function imagePixels(source: ImageSource, label: string): Promise<RawImage> {
  if ('rgb' in source) {
    const { width, height, data } = source.rgb;
    if (data.length !== width * height * 3) {
      throw new Error(`${label}: rgb data has ${data.length} bytes, expected ${width}×${height}×3`);
    }
    if (width * height > MODEL_MAX_PIXELS)
      throw new Error(
        `${label}: ${width}×${height} is over the model's cap of ${MODEL_MAX_PIXELS} pixels`,
      );
    return new RawImage(data, width, height, 3);
  }
  let bytes: Uint8Array;
  if ('path' in source) {
    try {
      bytes = await readFile(source.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        `${label}: cannot read ${path.basename(source.path)} (${code ?? 'read error'})`,
      );
    }
  } else {
    bytes = source.bytes;
  }
  try {
    const image = await renderForModel(bytes, { decodeRaster: decodeRasterImage });
    return new RawImage(image.rgb, image.width, image.height, 3);
  } catch (error) {
    const why = error instanceof DicomError ? error.message : (error as Error).message;
    throw new Error(`${label}: the image cannot be read (${why.split('\n')[0]})`);
  }
}

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
  let patchDim = 0;
  for (const [index, source] of sources.entries()) {
    const image = await imagePixels(source, `image ${index + 1}`);
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
  }
  const pixelValues = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    pixelValues.set(p, offset);
    offset += p.length;
  }
  return { pixelValues, patchDim, grids };
}
