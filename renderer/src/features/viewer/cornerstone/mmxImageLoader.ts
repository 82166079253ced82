import type { CornerstoneImage, ImageLoader } from 'cornerstone-core';
import {
  decodeFrame,
  detectFormat,
  type DecodedFrame,
  type DicomImageInfo,
  type ParsedDicom,
} from '../../../../../models/dicom/index';
import { createCornerstoneImage, createRasterCornerstoneImage } from './createCornerstoneImage';
import { decodeRasterForViewer } from './decodeRasterForViewer';

/** URL scheme of our loader: cornerstone picks a loader by the imageId's scheme. */
export const MMX_SCHEME = 'mmx';

export const imageIdFor = (itemId: string, frame: number) => `${MMX_SCHEME}:${itemId}/${frame}`;

export function parseImageId(imageId: string): { itemId: string; frame: number } | undefined {
  const match = /^mmx:([^/]+)\/(\d+)$/.exec(imageId);
  return match ? { itemId: match[1]!, frame: Number(match[2]) } : undefined;
}

/** Where the loader gets a file's bytes (or its parsed data set) from; the viewer knows, the loader does not. */
export type SourceResolver = (itemId: string) => Uint8Array | ParsedDicom | undefined;

const infoByImageId = new Map<string, DicomImageInfo>();
// The decoded frame behind each cornerstone image, kept as long as cornerstone keeps the image.
const frameByImage = new WeakMap<CornerstoneImage, DecodedFrame>();

/** The decoded frame a cornerstone image was made from (for "Send to model": no second decode). */
export const decodedFrameOf = (image: CornerstoneImage) => frameByImage.get(image);

/** Image attributes of a loaded imageId, for the metadata provider. */
export const loadedImageInfo = (imageId: string) => infoByImageId.get(imageId);

/** A cornerstone image loader that decodes with our isomorphic DICOM decoder. */
export function createMmxImageLoader(resolve: SourceResolver): ImageLoader {
  return (imageId) => ({
    promise: (async () => {
      const ref = parseImageId(imageId);
      if (!ref) throw new Error(`mmxImageLoader: not an mmx imageId: ${imageId}`);
      const source = resolve(ref.itemId);
      if (!source) throw new Error(`mmxImageLoader: no file is open for ${imageId}`);
      if (source instanceof Uint8Array) {
        const format = detectFormat(source);
        if (format === 'png' || format === 'jpeg' || format === 'webp')
          return createRasterCornerstoneImage(imageId, await decodeRasterForViewer(source));
      }
      const frame = await decodeFrame(source, ref.frame);
      infoByImageId.set(imageId, frame.info);
      const image = createCornerstoneImage(imageId, frame);
      frameByImage.set(image, frame);
      return image;
    })(),
  });
}

/**
 * Metadata for cornerstone-tools: pixel spacing (imagePlaneModule) for
 * lengths and areas in mm, modality (generalSeriesModule) for units.
 */
export function mmxMetadataProvider(type: string, imageId: string): unknown {
  const info = infoByImageId.get(imageId);
  if (!info) return undefined;
  if (type === 'generalSeriesModule') return { modality: info.modality };
  if (type === 'imagePlaneModule') {
    const [row, column] = info.pixelSpacing ?? [];
    return {
      rows: info.rows,
      columns: info.columns,
      rowPixelSpacing: row,
      columnPixelSpacing: column,
      pixelSpacing: info.pixelSpacing,
    };
  }
  return undefined;
}
