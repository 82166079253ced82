import { encodeRgbPng } from '../../dicom/encodeRgbPng';
import type { ImageSource, SeenImageGeometry } from '../protocol';
import { sourcePixels } from '../sourcePixels';

/**
 * An 8-bit RGB PNG (lossless) of exactly the pixels the local runtime would
 * give its image processor for this source; what a model server is sent.
 * `seen` says what is known of how the model sees it: the server's own
 * resize is not, so the sent size stands in for the model's
 * (models/reasoning/imageGeometry.ts says what that means for boxes).
 */
export async function modelImage(
  source: ImageSource,
  label: string,
): Promise<{ png: Uint8Array; seen: SeenImageGeometry }> {
  const pixels = await sourcePixels(source, label);
  const size: [number, number] = [pixels.width, pixels.height];
  return {
    png: encodeRgbPng(pixels),
    seen: { size, modelSize: size, toSource: pixels.toSource },
  };
}

export async function modelImagePng(source: ImageSource, label: string): Promise<Uint8Array> {
  return (await modelImage(source, label)).png;
}
