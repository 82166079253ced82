import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { ImageSource } from '../protocol';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);

interface RgbPixels {
  width: number;
  height: number;
  /** width × height × 3 bytes. */
  data: Uint8Array;
}

/** RGBA (pngjs) → RGB by dropping alpha, as transformers.js RawImage.rgb() does. */
function dropAlpha(width: number, height: number, rgba: Uint8Array): RgbPixels {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; j < data.length; i += 4, j += 3) {
    data[j] = rgba[i]!;
    data[j + 1] = rgba[i + 1]!;
    data[j + 2] = rgba[i + 2]!;
  }
  return { width, height, data };
}

/**
 * The pixels the local runtime would give its image processor for this
 * source. A PNG is lossless, so pngjs reads the same 8-bit pixels as the
 * worker's sharp and this path keeps the ML libraries out of the app's main
 * process (the viewer always sends PNG); everything else (DICOM, JPEG, raw
 * RGB) goes through the worker's own producer, decodeImage. When the
 * model-image producer is unified, point this function at it.
 */
async function modelPixels(source: ImageSource, label: string): Promise<RgbPixels> {
  const bytes =
    'bytes' in source
      ? source.bytes
      : 'path' in source
        ? await readFile(source.path).catch(() => undefined)
        : undefined;
  if (bytes && isPng(bytes)) {
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return dropAlpha(png.width, png.height, png.data);
    } catch (error) {
      throw new Error(`${label}: not a readable PNG image (${(error as Error).message})`);
    }
  }
  const { decodeImage } = await import('../internal/prepareImages');
  const image = await decodeImage(bytes ? { bytes } : source, label);
  return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
}

/** An 8-bit RGB PNG of exactly the pixels the local runtime would get; what a model server is sent. */
export async function modelImagePng(source: ImageSource, label: string): Promise<Buffer> {
  const { width, height, data } = await modelPixels(source, label);
  const png = new PNG({ width, height, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}
