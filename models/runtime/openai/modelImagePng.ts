import { encodeRgbPng } from '../../dicom/encodeRgbPng';
import type { ImageSource } from '../protocol';
import { sourcePixels } from '../sourcePixels';

/**
 * An 8-bit RGB PNG (lossless) of exactly the pixels the local runtime would
 * give its image processor for this source; what a model server is sent.
 */
export async function modelImagePng(source: ImageSource, label: string): Promise<Uint8Array> {
  return encodeRgbPng(await sourcePixels(source, label));
}
