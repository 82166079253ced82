import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../decodeFrame';
import { convertWithDcmtk, hasDcmtk } from '../testing/dcmtk';
import { makeTestImage, type TestImageSpec } from '../testing/makeTestImage';
import { syntaxes, writeDicom } from '../testing/writeDicom';

/** Stored values of every frame. */
async function allFrames(bytes: Uint8Array): Promise<number[]> {
  const first = await decodeFrame(bytes);
  const out = Array.from(first.pixels);
  for (let f = 1; f < first.numberOfFrames; f++) out.push(...(await decodeFrame(bytes, f)).pixels);
  return out;
}

const cases: [string, TestImageSpec, string[], string][] = [
  [
    '12-bit extended (process 4)',
    { rows: 37, columns: 45, bitsStored: 12 },
    ['+ee'],
    '1.2.840.10008.1.2.4.51',
  ],
  [
    '12-bit extended, quality 60, 2 frames',
    { rows: 24, columns: 20, bitsStored: 12, frames: 2 },
    ['+ee', '+q', '60'],
    '1.2.840.10008.1.2.4.51',
  ],
  [
    '12-bit spectral selection (process 8)',
    { rows: 33, columns: 31, bitsStored: 12 },
    ['+es'],
    '1.2.840.10008.1.2.4.53',
  ],
  [
    '12-bit full progression (process 12)',
    { rows: 33, columns: 31, bitsStored: 12 },
    ['+ep'],
    '1.2.840.10008.1.2.4.55',
  ],
  [
    '8-bit full progression (process 10)',
    { rows: 30, columns: 28, bitsAllocated: 8 },
    ['+ep'],
    '1.2.840.10008.1.2.4.55',
  ],
];

describe.skipIf(!hasDcmtk)('12-bit and progressive DCT JPEG against dcmtk dcmdjpeg', () => {
  for (const [name, spec, flags, uid] of cases) {
    it(`decodes ${name} to dcmdjpeg's samples`, async () => {
      const image = makeTestImage(spec);
      const source = writeDicom({
        transferSyntaxUID: syntaxes.explicitLE,
        elements: image.elements,
        pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
      });
      const compressed = convertWithDcmtk('dcmcjpeg', flags, source);
      const reference = convertWithDcmtk('dcmdjpeg', [], compressed);
      const ours = await decodeFrame(compressed);
      expect(ours.info.transferSyntaxUID).toBe(uid);
      const theirs = await allFrames(reference);
      const mine = await allFrames(compressed);
      let maxDiff = 0;
      mine.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - theirs[i]!))));
      expect(maxDiff).toBe(0);
      // Lossy, but close to the source: the decoder is not returning something else that dcmtk shares.
      const error = image.values.reduce((n, v, i) => n + Math.abs(v - mine[i]!), 0) / mine.length;
      expect(error).toBeLessThan(spec.bitsAllocated === 8 ? 8 : 64);
    });
  }
});
