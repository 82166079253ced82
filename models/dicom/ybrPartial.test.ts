import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import { hasDcmtk, renderWithDcmtk } from './testing/dcmtk';
import { makeTestImage } from './testing/makeTestImage';
import { seededRandom } from '../random/seededRandom';
import { syntaxes, writeDicom } from './testing/writeDicom';

/** Native YBR_PARTIAL_422: Y1 Y2 Cb Cr per pixel pair, Y in 16..235 and chroma in 16..240. */
function partial422(): Uint8Array {
  const rows = 24;
  const columns = 32;
  const random = seededRandom(11);
  const cells: number[] = [];
  for (let p = 0; p < (rows * columns) / 2; p++) {
    const y = () => 16 + Math.floor(random() * 220);
    const c = () => 16 + Math.floor(random() * 225);
    cells.push(y(), y(), c(), c());
  }
  const { elements } = makeTestImage({
    rows,
    columns,
    bitsAllocated: 8,
    samplesPerPixel: 3,
    photometric: 'YBR_PARTIAL_422',
    values: new Array(rows * columns * 3).fill(0),
  });
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements,
    pixelData: { kind: 'native', vr: 'OB', bytes: Uint8Array.from(cells) },
  });
}

describe('YBR_PARTIAL_422 (PS3.3 C.7.6.3.1.2)', () => {
  it('expands the shared chroma and converts studio-range YCbCr to RGB', async () => {
    const frame = await decodeFrame(partial422());
    expect(frame.photometricInterpretation).toBe('RGB');
    expect(frame.pixels.length).toBe(24 * 32 * 3);
  });

  // dcmtk's DiYBRPart422PixelTemplate: replicated chroma, its coefficients, truncation.
  it.skipIf(!hasDcmtk)('renders as dcmj2pnm does, level for level', async () => {
    const bytes = partial422();
    const { maxDiff } = compareWithPnm(
      renderFrame(await decodeFrame(bytes)),
      renderWithDcmtk(bytes, { voi: [] }),
    );
    expect(maxDiff).toBe(0);
  });
});
