import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { renderFrame } from './renderFrame';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom } from './testing/writeDicom';

const rows = 4;
const columns = 5;
const values = Array.from({ length: rows * columns }, (_, i) => -1.5 + i * 0.25);

/** A parametric-map-like file with Float (7FE0,0008) or Double Float (7FE0,0009) Pixel Data. */
function floatFile(kind: 'float32' | 'float64', syntax: string): Uint8Array {
  const size = kind === 'float32' ? 4 : 8;
  const bigEndian = syntax === syntaxes.explicitBE;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) =>
    size === 4 ? view.setFloat32(i * 4, v, !bigEndian) : view.setFloat64(i * 8, v, !bigEndian),
  );
  const { elements } = makeTestImage({ rows, columns, values: new Array(values.length).fill(0) });
  const header = elements
    .filter((e) => ![0x00280101, 0x00280102, 0x00280103].includes(e.tag))
    .map((e) => (e.tag === 0x00280100 ? { ...e, value: size * 8 } : e));
  return writeDicom({
    transferSyntaxUID: syntax,
    elements: [
      ...header,
      {
        tag: kind === 'float32' ? 0x7fe00008 : 0x7fe00009,
        vr: kind === 'float32' ? 'OF' : 'OD',
        value: bytes,
      },
    ],
  });
}

describe('Float and Double Float Pixel Data (PS3.3 C.7.6.24)', () => {
  for (const kind of ['float32', 'float64'] as const)
    for (const [name, syntax] of [
      ['little endian', syntaxes.explicitLE],
      ['big endian', syntaxes.explicitBE],
    ] as const)
      it(`decodes ${kind} values in ${name} and renders min to black, max to white`, async () => {
        const bytes = floatFile(kind, syntax);
        expect(readImageInfo(parseDicom(bytes)).floatPixelData).toBe(kind);
        const frame = await decodeFrame(bytes);
        expect(Array.from(frame.pixels)).toEqual(values);
        const grey = Array.from(renderFrame(frame).rgba).filter((_, i) => i % 4 === 0);
        expect(grey[0]).toBe(0);
        expect(grey[grey.length - 1]).toBe(255);
        grey.forEach((g, i) => i > 0 && expect(g).toBeGreaterThanOrEqual(grey[i - 1]!));
      });
});
