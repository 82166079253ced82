import { afterEach, describe, expect, it } from 'vitest';
import { decodeFrame } from '../decodeFrame';
import { convertWithDcmtk, hasDcmtk } from '../testing/dcmtk';
import { encodeJ2k } from '../testing/encodeJ2k';
import { makeTestImage } from '../testing/makeTestImage';
import { syntaxes, writeDicom } from '../testing/writeDicom';
import { runCodecsInWorker } from './runCodecsInWorker';

async function j2kFile(size: number): Promise<{ bytes: Uint8Array; values: number[] }> {
  const image = makeTestImage({ rows: size, columns: size, bitsStored: 12 });
  const encoded = await encodeJ2k('jpeg2000', Uint16Array.from(image.values), {
    width: size,
    height: size,
    bitsPerSample: 12,
    componentCount: 1,
    isSigned: false,
  });
  const bytes = writeDicom({
    transferSyntaxUID: syntaxes.jpeg2000Lossless,
    elements: image.elements,
    pixelData: { kind: 'encapsulated', frames: [encoded] },
  });
  return { bytes, values: image.values };
}

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  dispose = undefined;
});

describe('runCodecsInWorker', () => {
  it('decodes in the worker to the same samples as in this thread', async () => {
    const { bytes, values } = await j2kFile(64);
    dispose = runCodecsInWorker();
    expect(Array.from((await decodeFrame(bytes)).pixels)).toEqual(values);
  });

  it('stops a frame that does not decode within the limit with a clear error, then decodes the next one', async () => {
    const { bytes, values } = await j2kFile(512);
    dispose = runCodecsInWorker({ timeLimitMs: 1 });
    await expect(decodeFrame(bytes)).rejects.toThrow(
      /^decodeFrame: decoding took too long: JPEG 2000 \(OpenJPEG\) did not finish the frame within 0.001 s, so it was stopped; the codestream is probably corrupt$/,
    );
    dispose();
    dispose = runCodecsInWorker({ timeLimitMs: 20_000 });
    expect(Array.from((await decodeFrame(bytes)).pixels)).toEqual(values);
  });

  it.skipIf(!hasDcmtk)(
    'runs our 12-bit DCT decoder in the worker too, under the same limit and to the same samples',
    async () => {
      const image = makeTestImage({ rows: 768, columns: 768, bitsStored: 12 });
      const native = writeDicom({
        transferSyntaxUID: syntaxes.explicitLE,
        elements: image.elements,
        pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
      });
      const compressed = convertWithDcmtk('dcmcjpeg', ['+ee'], native);
      const here = Array.from((await decodeFrame(compressed)).pixels);
      dispose = runCodecsInWorker({ timeLimitMs: 1 });
      await expect(decodeFrame(compressed)).rejects.toThrow(
        /^decodeFrame: decoding took too long: JPEG \(12-bit DCT decoder\) did not finish/,
      );
      dispose();
      dispose = runCodecsInWorker();
      expect(Array.from((await decodeFrame(compressed)).pixels)).toEqual(here);
    },
  );
});
