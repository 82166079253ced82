/**
 * Decodes a PNG, JPEG or WebP file with the browser's own decoder into RGBA
 * pixels, so the viewer can show it through cornerstone like a DICOM
 * secondary capture (zoom, pan, rotate, flip, invert, window/level).
 */
export async function decodeRasterForViewer(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  } catch {
    throw new Error('decodeRasterForViewer: the browser could not decode this image');
  }
  try {
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('decodeRasterForViewer: no 2D canvas available');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, rgba: data };
  } finally {
    bitmap.close();
  }
}
