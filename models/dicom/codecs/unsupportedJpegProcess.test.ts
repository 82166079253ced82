import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../decodeFrame';
import { parsePnm, scratchDir } from '../testing/dcmtk';
import { makeTestImage } from '../testing/makeTestImage';
import { writeDicom } from '../testing/writeDicom';

const EXTENDED = '1.2.840.10008.1.2.4.51';
const LOSSLESS = '1.2.840.10008.1.2.4.70';

/** A 16x16 one-component frame whose codestream has frame marker `marker`, and nothing a codec could decode. */
function fileWithFrameMarker(marker: number, precision: number, syntax: string): Uint8Array {
  const { elements } = makeTestImage({
    rows: 16,
    columns: 16,
    bitsAllocated: precision > 8 ? 16 : 8,
    bitsStored: precision,
  });
  // SOI, SOFn (B.2.2: Lf, P, Y, X, Nf, C1 H1V1 Tq1), EOI.
  const codestream = Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    marker,
    0x00,
    0x0b,
    precision,
    0x00,
    0x10,
    0x00,
    0x10,
    0x01,
    0x01,
    0x11,
    0x00,
    0xff,
    0xd9,
  ]);
  return writeDicom({
    transferSyntaxUID: syntax,
    elements,
    pixelData: { kind: 'encapsulated', frames: [codestream] },
  });
}

describe('JPEG processes without a decoder', () => {
  it.each([
    [0xc5, 8, EXTENDED, /^decodeFrame: hierarchical JPEG \(ITU T.81 Annex J, frame marker SOF5\)/],
    [
      0xcf,
      12,
      EXTENDED,
      /^decodeFrame: hierarchical JPEG \(ITU T.81 Annex J, frame marker SOF15\)/,
    ],
    [
      0xc9,
      12,
      EXTENDED,
      /^decodeFrame: arithmetic-coded 12-bit JPEG \(frame marker SOF9\) is not supported/,
    ],
    [0xca, 12, EXTENDED, /^decodeFrame: arithmetic-coded 12-bit JPEG \(frame marker SOF10\)/],
    [0xcb, 12, LOSSLESS, /^decodeFrame: arithmetic-coded lossless JPEG \(frame marker SOF11\)/],
  ])(
    'refuse frame marker %i (%i-bit) with one sentence naming the process',
    async (marker, precision, syntax, message) => {
      await expect(decodeFrame(fileWithFrameMarker(marker, precision, syntax))).rejects.toThrow(
        message,
      );
    },
  );
});

const hasLibjpegTools = spawnSync('cjpeg', ['-version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasLibjpegTools)('8-bit arithmetic-coded JPEG', () => {
  it("decodes (libjpeg-turbo) to djpeg's samples", async () => {
    const width = 40;
    const height = 32;
    const image = makeTestImage({ rows: height, columns: width, bitsAllocated: 8 });
    const { dir, dispose } = scratchDir();
    try {
      const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
      writeFileSync(join(dir, 'in.pgm'), new Uint8Array([...header, ...image.values]));
      for (const [tool, args] of [
        [
          'cjpeg',
          ['-arithmetic', '-grayscale', '-outfile', join(dir, 'a.jpg'), join(dir, 'in.pgm')],
        ],
        ['djpeg', ['-dct', 'int', '-pnm', '-outfile', join(dir, 'b.pgm'), join(dir, 'a.jpg')]],
      ] as const) {
        const run = spawnSync(tool, args);
        if (run.status !== 0) throw new Error(`${tool} failed: ${run.stderr}`);
      }
      const jpeg = new Uint8Array(readFileSync(join(dir, 'a.jpg')));
      // T.81 Table B.1: SOF9, arithmetic-coded extended sequential DCT.
      expect(jpeg.some((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc9)).toBe(true);
      const frame = await decodeFrame(
        writeDicom({
          transferSyntaxUID: EXTENDED,
          elements: image.elements,
          pixelData: { kind: 'encapsulated', frames: [jpeg] },
        }),
      );
      const reference = parsePnm(new Uint8Array(readFileSync(join(dir, 'b.pgm')))).data;
      expect(Array.from(frame.pixels)).toEqual(Array.from(reference));
    } finally {
      dispose();
    }
  });
});
