import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_MAX_PIXELS } from '../../../electron/common/schemas/ask';
import { decodeFrame } from '../../dicom/decodeFrame';
import { modelPixels } from '../../dicom/renderForModel';
import { makeTestImage } from '../../dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../../dicom/testing/writeDicom';
import { imagePixels } from './prepareImages';

let dir: string;
let dicomFile: string;
let dicomBytes: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmx-prepare-images-'));
  // Larger than the cap, so both paths also downscale.
  const image = makeTestImage({ rows: 1100, columns: 1300, bitsAllocated: 16, bitsStored: 12 });
  dicomBytes = writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: image.elements,
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
  dicomFile = join(dir, 'ct.dcm');
  await writeFile(dicomFile, dicomBytes);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the pixels the worker gives the model', () => {
  it('are byte-identical for a DICOM frame sent by the app and the same file given to mmx ask --image', async () => {
    // The app: the viewer's decoded frame through modelPixels (captureDicomView), sent as RGB.
    const sent = modelPixels({ frame: await decodeFrame(dicomBytes, 0) });
    const fromApp = await imagePixels(
      { rgb: { width: sent.width, height: sent.height, data: sent.rgb } },
      'image 1',
    );
    // The CLI: the file path, read and rendered in the worker.
    const fromCli = await imagePixels({ path: dicomFile }, 'image 1');
    expect([fromCli.width, fromCli.height]).toEqual([fromApp.width, fromApp.height]);
    expect(fromCli.width * fromCli.height).toBeLessThanOrEqual(MODEL_MAX_PIXELS);
    expect(fromCli.width).toBeLessThan(1300);
    expect(Buffer.from(fromCli.data).equals(Buffer.from(fromApp.data))).toBe(true);
  });

  it('caps a large PNG from the CLI with the same pixel cap', async () => {
    const png = new PNG({ width: 2048, height: 1024 });
    png.data.fill(200);
    const file = join(dir, 'big.png');
    await writeFile(file, PNG.sync.write(png));
    const image = await imagePixels({ path: file }, 'image 2');
    expect(image.width * image.height).toBeLessThanOrEqual(MODEL_MAX_PIXELS);
    expect(image.channels).toBe(3);
    expect(image.data[0]).toBe(200);
  });

  it('says which image is unreadable and why', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'not an image at all');
    await expect(imagePixels({ path: file }, 'image 3')).rejects.toThrow(
      /^image 3: the image cannot be read \(.*not a DICOM, PNG, JPEG or WebP image/,
    );
    await expect(
      imagePixels(
        { rgb: { width: 2048, height: 1024, data: new Uint8Array(2048 * 1024 * 3) } },
        'image 4',
      ),
    ).rejects.toThrow(/image 4: 2048×1024 is over the model's cap/);
  });
});
