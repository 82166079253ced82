import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../../../models/dicom/index';
import { makeTestImage } from '../../../../../models/dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../../../../../models/dicom/testing/writeDicom';
import { ctSlice } from '../testing/ctSlice';
import { createCornerstoneImage } from './createCornerstoneImage';
import {
  createMmxImageLoader,
  imageIdFor,
  mmxMetadataProvider,
  parseImageId,
} from './mmxImageLoader';

describe('the mmx image loader', () => {
  it('gives cornerstone stored values with rescale and window, so statistics come out in HU', async () => {
    const values = Array.from({ length: 64 }, (_, i) => 1000 + i);
    const bytes = ctSlice({ values });
    const loader = createMmxImageLoader((id) => (id === 'f1' ? bytes : undefined));
    const image = await loader(imageIdFor('f1', 0)).promise;
    expect(image.imageId).toBe('mmx:f1/0');
    expect([image.rows, image.columns, image.color, image.invert]).toEqual([8, 8, false, false]);
    expect([image.slope, image.intercept]).toEqual([1, -1024]);
    expect([image.windowCenter, image.windowWidth]).toEqual([40, 400]);
    expect([image.minPixelValue, image.maxPixelValue]).toEqual([1000, 1063]);
    expect([image.rowPixelSpacing, image.columnPixelSpacing]).toEqual([0.5, 0.5]);
    const pixels = Array.from(image.getPixelData());
    expect(pixels).toEqual(values);
    // HU of the first pixel, as cornerstone.getPixels computes it.
    expect(pixels[0]! * image.slope + image.intercept).toBe(-24);
    expect(mmxMetadataProvider('generalSeriesModule', image.imageId)).toEqual({ modality: 'CT' });
    expect(mmxMetadataProvider('imagePlaneModule', image.imageId)).toMatchObject({
      rowPixelSpacing: 0.5,
      columnPixelSpacing: 0.5,
    });
  });

  it('rejects unknown imageIds and closed files with a message naming the loader', async () => {
    const loader = createMmxImageLoader(() => undefined);
    await expect(loader('mmx:f9/0').promise).rejects.toThrow(
      'mmxImageLoader: no file is open for mmx:f9/0',
    );
    await expect(loader('wadouri:x').promise).rejects.toThrow('mmxImageLoader: not an mmx imageId');
    expect(parseImageId('mmx:f12/3')).toEqual({ itemId: 'f12', frame: 3 });
  });

  it('hands colour images over as RGBA', async () => {
    const values = Array.from({ length: 4 * 4 * 3 }, (_, i) => [200, 100, 7][i % 3]!);
    const rgb = makeTestImage({
      rows: 4,
      columns: 4,
      bitsAllocated: 8,
      samplesPerPixel: 3,
      values,
    });
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: rgb.elements,
      pixelData: { kind: 'native', vr: rgb.vr, bytes: rgb.bytes },
    });
    const image = createCornerstoneImage('mmx:c/0', await decodeFrame(bytes, 0));
    expect(image.color).toBe(true);
    expect(image.getPixelData().length).toBe(4 * 4 * 4);
    expect(Array.from(image.getPixelData()).slice(0, 4)).toEqual([200, 100, 7, 255]);
  });
});

describe('a VOI LUT in the file', () => {
  it('is handed to cornerstone when the file gives no window, and only then', async () => {
    const frame = await decodeFrame(
      ctSlice({ values: Array.from({ length: 64 }, (_, i) => i) }),
      0,
    );
    const lut = {
      firstValueMapped: 0,
      bitsPerEntry: 12,
      data: Uint16Array.from({ length: 64 }, (_, i) => 4095 - i * 64),
    };
    const lutOnly = createCornerstoneImage('mmx:l/0', { ...frame, windows: [], voiLut: lut });
    expect(lutOnly.voiLUT).toEqual({
      firstValueMapped: 0,
      numBitsPerEntry: 12,
      lut: Array.from(lut.data),
    });
    // A window in the file wins over its LUT (our renderFrame does the same).
    const withWindow = createCornerstoneImage('mmx:w/0', { ...frame, voiLut: lut });
    expect(withWindow.voiLUT).toBeUndefined();
    expect([withWindow.windowCenter, withWindow.windowWidth]).toEqual([40, 400]);
  });
});
