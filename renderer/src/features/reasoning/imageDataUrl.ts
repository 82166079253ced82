import { toBase64 } from '../../../../electron/common/jsonBytes';
import type { AskImage } from '../../../../electron/common/schemas/ask';
import { encodeRgbPng } from '../../../../models/dicom/index';

const urls = new WeakMap<AskImage, string>();

/**
 * The image as sent, for an <img> (the CSP allows data: images): its raw RGB
 * encoded once as PNG, so thumbnails show exactly the pixels the model got.
 */
export function imageDataUrl(image: AskImage): string {
  let url = urls.get(image);
  if (url === undefined) {
    url = `data:image/png;base64,${toBase64(encodeRgbPng(image))}`;
    urls.set(image, url);
  }
  return url;
}
