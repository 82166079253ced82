import { DicomError, describeThrown } from '../DicomError';
import type { RasterDecoder } from '../renderForModel';

/** Largest PNG/JPEG/WebP we decode (sharp's own default guard is 268 MP). */
const MAX_RASTER_PIXELS = 100_000_000;

/** PNG/JPEG/WebP to RGBA with sharp (Node only; the renderer uses the browser's decoder). */
export const decodeRasterImage: RasterDecoder = async (bytes, format) => {
  const { default: sharp } = await import('sharp');
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_RASTER_PIXELS })
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (error) {
    throw new DicomError(
      'decodeRasterImage',
      `cannot decode this ${format.toUpperCase()} image (${describeThrown(error)})`,
    );
  }
};

/** Fields of `mmx dicom info` that apply to an ordinary image. */
export async function readRasterInfo(bytes: Uint8Array, format: 'png' | 'jpeg' | 'webp') {
  const { default: sharp } = await import('sharp');
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_RASTER_PIXELS }).metadata();
    const channels = meta.channels ?? 3;
    const bits = meta.depth === 'ushort' ? 16 : 8;
    return {
      kind: format,
      rows: meta.height,
      columns: meta.width,
      numberOfFrames: meta.pages ?? 1,
      samplesPerPixel: channels,
      bitsAllocated: bits,
      bitsStored: bits,
      photometricInterpretation: channels >= 3 ? 'RGB' : 'MONOCHROME2',
      hasAlpha: meta.hasAlpha ?? false,
    };
  } catch (error) {
    throw new DicomError(
      'readRasterInfo',
      `cannot read this ${format.toUpperCase()} image (${describeThrown(error)})`,
    );
  }
}
