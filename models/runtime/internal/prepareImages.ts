import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeFrame } from '../../dicom/decodeFrame';
import { renderFrame } from '../../dicom/renderFrame';
import type { ImageSource } from '../protocol';
import { RawImage, type Qwen2VLImageProcessor } from './ml';

/** A DICOM Part 10 file has "DICM" at byte 128 (PS3.10 §7.1). */
export function isDicom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

export interface PreparedImages {
  /** [patches, 1176] f32, the images' patches concatenated in prompt order. */
  pixelValues: Float32Array;
  patchDim: number;
  /** One [t, h, w] patch grid per image, in prompt order. */
  grids: [number, number, number][];
}

/**
 * The RGB pixels the model sees for one image, before its processor resizes
 * them. Also what a model server is sent (openai/modelImagePng.ts).
 */
export async function decodeImage(source: ImageSource, label: string): Promise<RawImage> {
  if ('rgb' in source) {
    const { width, height, data } = source.rgb;
    if (data.length !== width * height * 3) {
      throw new Error(`${label}: rgb data has ${data.length} bytes, expected ${width}×${height}×3`);
    }
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
  if (isDicom(bytes)) {
    // The viewer's pipeline: modality LUT, the file's default VOI window, 8-bit (models/dicom).
    try {
      const frame = renderFrame(await decodeFrame(bytes, 0));
      return new RawImage(frame.rgba, frame.width, frame.height, 4).rgb();
    } catch (error) {
      throw new Error(
        `${label}: the DICOM file cannot be rendered (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  try {
    const image = await RawImage.fromBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    return image.rgb();
  } catch (error) {
    throw new Error(
      `${label}: not a readable PNG/JPEG image (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/**
 * Preprocesses each image on its own and concatenates the results in prompt
 * order: transformers.js 4.3's processor reads a list of images as frames of
 * one video and fails (MODEL-CONTRACT.md "Pitfalls seen").
 */
export async function prepareImages(
  sources: ImageSource[],
  processor: Qwen2VLImageProcessor,
): Promise<PreparedImages> {
  const parts: Float32Array[] = [];
  const grids: [number, number, number][] = [];
  let patchDim = 0;
  for (const [index, source] of sources.entries()) {
    const image = await decodeImage(source, `image ${index + 1}`);
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
