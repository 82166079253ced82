import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import { hasDcmtk, renderWithDcmtk } from './testing/dcmtk';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from './testing/writeDicom';

const image = makeTestImage({
  rows: 8,
  columns: 16,
  bitsAllocated: 8,
  photometric: 'PALETTE COLOR',
});
const channels = [0x1101, 0x1102, 0x1103];
/** An 8-bit palette: red rises, green falls, blue is a tent. */
const tables = [
  Array.from({ length: 256 }, (_, i) => i),
  Array.from({ length: 256 }, (_, i) => 255 - i),
  Array.from({ length: 256 }, (_, i) => (i < 128 ? i * 2 : (255 - i) * 2)),
];

function paletteFile(data: (channel: number) => ElementSpec[]): Uint8Array {
  const elements: ElementSpec[] = [...image.elements];
  channels.forEach((tag, c) => {
    elements.push({ tag: 0x00280000 + tag, vr: 'US', value: [256, 0, 8] });
    elements.push(...data(c));
  });
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements,
    pixelData: { kind: 'native', vr: 'OB', bytes: image.bytes },
  });
}

const words = (values: number[]) => new Uint8Array(Uint16Array.from(values).buffer);
const oneEntryPerWord = paletteFile((c) => [
  { tag: 0x00281201 + c, vr: 'OW', value: words(tables[c]!) },
]);

async function rgba(bytes: Uint8Array): Promise<number[]> {
  return Array.from(renderFrame(await decodeFrame(bytes)).rgba);
}

describe('palette LUT encodings (PS3.3 C.7.6.3.1.5-6, C.7.9.2)', () => {
  it('reads 8-bit entries packed two per 16-bit word as the same palette', async () => {
    const packed = paletteFile((c) => [
      { tag: 0x00281201 + c, vr: 'OW', value: Uint8Array.from(tables[c]!) },
    ]);
    expect(await rgba(packed)).toEqual(await rgba(oneEntryPerWord));
    if (hasDcmtk) {
      const ours = renderFrame(await decodeFrame(packed));
      expect(compareWithPnm(ours, renderWithDcmtk(packed, { voi: [] })).maxDiff).toBe(0);
    }
  });

  it('expands segmented palettes (discrete, linear and indirect segments) to the same palette', async () => {
    // Red: a discrete 0 then linear to 255. Green: discrete 255, linear to 0. Blue: a tent.
    const segments = [
      [0, 1, 0, 1, 255, 255],
      [0, 1, 255, 1, 255, 0],
      [0, 1, 0, 1, 127, 254, 1, 128, 0],
    ];
    const segmented = paletteFile((c) => [
      { tag: 0x00281221 + c, vr: 'OW', value: words(segments[c]!) },
    ]);
    const expected = paletteFile((c) => {
      const table: number[] = [];
      const seg = segments[c]!;
      for (let at = 0; at < seg.length;) {
        const [op, n] = [seg[at]!, seg[at + 1]!];
        if (op === 0) {
          table.push(...seg.slice(at + 2, at + 2 + n));
          at += 2 + n;
        } else {
          const y0 = table[table.length - 1]!;
          const y1 = seg[at + 2]!;
          for (let i = 1; i <= n; i++) table.push(Math.round(y0 + ((y1 - y0) * i) / n));
          at += 3;
        }
      }
      return [{ tag: 0x00281201 + c, vr: 'OW', value: words(table.slice(0, 256)) }];
    });
    expect(await rgba(segmented)).toEqual(await rgba(expected));
    const indirect = paletteFile((c) => [
      {
        tag: 0x00281221 + c,
        vr: 'OW',
        // Red's two segments, then an indirect segment replaying the discrete one at word 0.
        value: words(c === 0 ? [0, 1, 0, 1, 254, 254, 2, 1, 0, 0] : segments[c]!),
      },
    ]);
    expect((await decodeFrame(indirect)).palette?.red.data[255]).toBe(0);
  });
});
