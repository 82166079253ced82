import type { AskImage } from '../../../../electron/common/schemas/ask';
import { modelPixels } from '../../../../models/dicom/index';
import type { StudyItem } from '../studies/studiesSlice';

/** An ordinary image (PNG/JPEG/WebP), decoded by the browser, as the model will see it (modelPixels). */
export async function captureImageItem(item: StudyItem): Promise<AskImage> {
  const bitmap = await createImageBitmap(new Blob([item.bytes as BlobPart]));
  try {
    // The one canvas reads the decoded RGBA; scaling is modelPixels', as in the CLI.
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('captureImageItem: no 2D canvas available');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const { width, height, rgb, toSource } = modelPixels({
      rgba: data,
      width: bitmap.width,
      height: bitmap.height,
    });
    return { name: item.name, width, height, rgb, origin: { toSource, frame: 0, item: item.id } };
  } finally {
    bitmap.close();
  }
}
