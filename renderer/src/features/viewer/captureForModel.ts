import { fitWithin } from '../../../../models/dicom/index';
import type { AskImage } from '../../../../electron/common/schemas/ask';
import type { StudyItem } from '../studies/studiesSlice';

/** Largest image sent to the model: ~1 MP keeps a Qwen-VL prompt near 1,300 visual tokens. */
export const MODEL_MAX_PIXELS = 1024 * 1024;

async function canvasToBase64Png(canvas: HTMLCanvasElement): Promise<string> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('captureForModel: the browser could not encode the image as PNG');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Draws RGBA pixels (or a decoded bitmap) at the capped size and encodes PNG. */
export async function encodeForModel(
  source: ImageBitmap | ImageData,
  name: string,
): Promise<AskImage> {
  // The same cap as the DICOM path and renderForModel (floor, never enlarging).
  const { width, height } = fitWithin(source.width, source.height, MODEL_MAX_PIXELS);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('captureForModel: no 2D canvas available');
  if (source instanceof ImageData) {
    const full = document.createElement('canvas');
    full.width = source.width;
    full.height = source.height;
    full.getContext('2d')!.putImageData(source, 0, 0);
    context.drawImage(full, 0, 0, width, height);
  } else {
    context.drawImage(source, 0, 0, width, height);
  }
  return { name, pngBase64: await canvasToBase64Png(canvas) };
}

/** An ordinary image (PNG/JPEG/WebP) as the model will see it. */
export async function captureImageItem(item: StudyItem): Promise<AskImage> {
  const bitmap = await createImageBitmap(new Blob([item.bytes as BlobPart]));
  try {
    return await encodeForModel(bitmap, item.name);
  } finally {
    bitmap.close();
  }
}
