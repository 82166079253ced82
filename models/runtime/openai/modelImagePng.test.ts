import { PNG } from 'pngjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeTestImage } from '../../dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../../dicom/testing/writeDicom';
import { imagePixels } from '../internal/prepareImages';
import type { ImageSource } from '../protocol';
import { modelImagePng } from './modelImagePng';

function rgbOf(png: Uint8Array): { width: number; height: number; rgb: number[] } {
  const decoded = PNG.sync.read(Buffer.from(png));
  const rgb: number[] = [];
  for (let i = 0; i < decoded.data.length; i += 4)
    rgb.push(decoded.data[i]!, decoded.data[i + 1]!, decoded.data[i + 2]!);
  return { width: decoded.width, height: decoded.height, rgb };
}

async function localPixels(source: ImageSource) {
  const image = await imagePixels(source, 'image 1');
  return { width: image.width, height: image.height, rgb: Array.from(image.data) };
}

function pngOf(width: number, height: number, channels: 1 | 3 | 4): Uint8Array<ArrayBuffer> {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    const v = (i * 29) % 256;
    image.data.set(
      channels === 1
        ? [v, v, v, 255]
        : [v, (v * 3) % 256, 255 - v, channels === 4 ? (i * 7) % 256 : 255],
      i * 4,
    );
  }
  return Uint8Array.from(
    PNG.sync.write(image, { colorType: channels === 1 ? 0 : channels === 3 ? 2 : 6 }),
  );
}

describe('modelImagePng', () => {
  const cases: [string, () => Promise<ImageSource>][] = [
    [
      "the viewer's RGB",
      async () => ({
        rgb: {
          width: 5,
          height: 3,
          data: Uint8Array.from({ length: 45 }, (_, i) => (i * 37) % 256),
        },
      }),
    ],
    ['a PNG larger than the model cap', async () => ({ bytes: pngOf(1400, 1100, 3) })],
    ['a grey PNG', async () => ({ bytes: pngOf(9, 7, 1) })],
    ['an RGB PNG', async () => ({ bytes: pngOf(9, 7, 3) })],
    ['a PNG with alpha', async () => ({ bytes: pngOf(9, 7, 4) })],
    [
      'a JPEG',
      async () => ({
        bytes: new Uint8Array(
          await sharp(Buffer.from(pngOf(16, 12, 3)))
            .jpeg({ quality: 70 })
            .toBuffer(),
        ),
      }),
    ],
    [
      'a 12-bit CT DICOM file',
      async () => {
        const image = makeTestImage({
          rows: 20,
          columns: 24,
          bitsAllocated: 16,
          bitsStored: 12,
          modality: 'CT',
        });
        return {
          bytes: new Uint8Array(
            writeDicom({
              transferSyntaxUID: syntaxes.explicitLE,
              elements: image.elements,
              pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
            }),
          ),
        };
      },
    ],
  ];
  for (const [what, make] of cases) {
    it(`sends exactly the pixels the local runtime reads from ${what}`, async () => {
      const source = await make();
      expect(rgbOf(await modelImagePng(source, 'image 1'))).toEqual(await localPixels(source));
    });
  }

  it('names the image it cannot read', async () => {
    await expect(modelImagePng({ bytes: new Uint8Array([1, 2, 3]) }, 'image 2')).rejects.toThrow(
      /^image 2: /,
    );
  });
});
