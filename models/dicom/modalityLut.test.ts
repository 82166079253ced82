import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import { hasDcmtk, renderWithDcmtk } from './testing/dcmtk';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from './testing/writeDicom';

/** A 12-bit image whose Modality LUT Sequence maps stored values through a square root. */
function withModalityLut(window?: { center: number; width: number }): Uint8Array {
  const image = makeTestImage({
    rows: 24,
    columns: 20,
    bitsStored: 12,
    ...(window ? { window } : {}),
  });
  const lut = Array.from({ length: 4096 }, (_, i) => Math.round(Math.sqrt(i / 4095) * 4095));
  const sequence: ElementSpec = {
    tag: 0x00283000,
    vr: 'SQ',
    value: [
      [
        { tag: 0x00283002, vr: 'US', value: [4096, 0, 16] },
        { tag: 0x00283004, vr: 'LO', value: 'US' },
        { tag: 0x00283006, vr: 'OW', value: new Uint8Array(Uint16Array.from(lut).buffer) },
      ],
    ],
  };
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [...image.elements, sequence],
    pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
  });
}

describe('Modality LUT Sequence (PS3.3 C.11.1)', () => {
  it('reads the LUT and uses it in place of rescale', async () => {
    const frame = await decodeFrame(withModalityLut());
    expect(frame.modalityLut?.data.length).toBe(4096);
    expect(frame.modalityLut?.data[1024]).toBe(Math.round(Math.sqrt(1024 / 4095) * 4095));
  });

  it.skipIf(!hasDcmtk)('renders as dcmj2pnm does, with a window and with min-max', async () => {
    const windowed = withModalityLut({ center: 2500, width: 2000 });
    const a = compareWithPnm(
      renderFrame(await decodeFrame(windowed)),
      renderWithDcmtk(windowed, { voi: ['+Wi', '1'] }),
    );
    expect(a.maxDiff).toBeLessThanOrEqual(1);
    const plain = withModalityLut();
    const b = compareWithPnm(
      renderFrame(await decodeFrame(plain)),
      renderWithDcmtk(plain, { voi: ['+Wm'] }),
    );
    expect(b.maxDiff).toBeLessThanOrEqual(1);
  });
});
