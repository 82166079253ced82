import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MODEL_MAX_PIXELS } from '../../electron/common/schemas/ask';
import { DicomError } from '../dicom/DicomError';
import { decodeRasterImage } from '../dicom/node/decodeRasterImage';
import { renderForModel } from '../dicom/renderForModel';
import type { Affine } from '../../electron/common/schemas/regions';
import { IDENTITY_AFFINE } from '../dicom/pixelAffine';
import type { ImageSource } from './protocol';

/** Packed 8-bit RGB, width × height × 3 bytes. */
export interface SourcePixels {
  width: number;
  height: number;
  rgb: Uint8Array;
  /** From these pixels to the file's (modelPixels' toSource); identity for RGB the app already rendered. */
  toSource: Affine;
}

/**
 * The pixels the model gets for one image source, all through models/dicom's
 * one producer: RGB from the app is already modelPixels' output (checked and
 * used as it is); files and bytes (`mmx ask --image`, eval) go through
 * renderForModel, which tells DICOM from PNG/JPEG/WebP by signature. The
 * worker (internal/prepareImages.ts) and a model server
 * (openai/modelImagePng.ts) both read their image here.
 */
export async function sourcePixels(source: ImageSource, label: string): Promise<SourcePixels> {
  if ('rgb' in source) {
    const { width, height, data } = source.rgb;
    if (data.length !== width * height * 3) {
      throw new Error(`${label}: rgb data has ${data.length} bytes, expected ${width}×${height}×3`);
    }
    if (width * height > MODEL_MAX_PIXELS)
      throw new Error(
        `${label}: ${width}×${height} is over the model's cap of ${MODEL_MAX_PIXELS} pixels`,
      );
    return { width, height, rgb: data, toSource: IDENTITY_AFFINE };
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
    return { width: image.width, height: image.height, rgb: image.rgb, toSource: image.toSource };
  } catch (error) {
    const why = error instanceof DicomError ? error.message : (error as Error).message;
    throw new Error(`${label}: the image cannot be read (${why.split('\n')[0]})`);
  }
}
