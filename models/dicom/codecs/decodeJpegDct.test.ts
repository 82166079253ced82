import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../decodeFrame';
import { convertWithDcmtk, hasDcmtk, parsePnm, scratchDir } from '../testing/dcmtk';
import { decodeJpegDct } from './decodeJpegDct';
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

const hasLibjpegTools = spawnSync('cjpeg', ['-version'], { encoding: 'utf8' }).status === 0;

/**
 * Encodes 8-bit grey (or, with `rgb`, RGB without colour transform) samples with
 * libjpeg-turbo's cjpeg and decodes them with its djpeg (integer IDCT).
 */
function withLibjpeg(
  samples: Uint8Array,
  width: number,
  height: number,
  flags: string[],
  { rgb = false }: { rgb?: boolean } = {},
) {
  const { dir, dispose } = scratchDir();
  try {
    const header = new TextEncoder().encode(`${rgb ? 'P6' : 'P5'}\n${width} ${height}\n255\n`);
    writeFileSync(join(dir, 'in.pgm'), new Uint8Array([...header, ...samples]));
    const encode = spawnSync('cjpeg', [
      ...flags,
      rgb ? '-rgb' : '-grayscale',
      '-outfile',
      join(dir, 'a.jpg'),
      join(dir, 'in.pgm'),
    ]);
    if (encode.status !== 0) throw new Error(`cjpeg failed: ${encode.stderr}`);
    const decode = spawnSync('djpeg', [
      '-dct',
      'int',
      '-pnm',
      '-outfile',
      join(dir, 'b.pgm'),
      join(dir, 'a.jpg'),
    ]);
    if (decode.status !== 0) throw new Error(`djpeg failed: ${decode.stderr}`);
    return {
      jpeg: new Uint8Array(readFileSync(join(dir, 'a.jpg'))),
      reference: parsePnm(new Uint8Array(readFileSync(join(dir, 'b.pgm')))).data,
    };
  } finally {
    dispose();
  }
}

describe.skipIf(!hasLibjpegTools)(
  'restart intervals and progression against libjpeg-turbo djpeg',
  () => {
    const width = 45;
    const height = 37;
    const image = makeTestImage({ rows: height, columns: width, bitsAllocated: 8 });
    const samples = Uint8Array.from(image.values);
    for (const [name, flags] of [
      ['baseline with a restart marker every 2 blocks', ['-restart', '2B']],
      ['baseline with a restart marker every row', ['-restart', '1']],
      ['progressive with restart markers', ['-progressive', '-restart', '3B']],
    ] as const) {
      it(`decodes ${name} to djpeg's samples`, () => {
        const { jpeg, reference } = withLibjpeg(samples, width, height, [...flags]);
        const ours = decodeJpegDct(jpeg);
        expect([ours.width, ours.height, ours.components]).toEqual([width, height, 1]);
        expect(Array.from(ours.samples)).toEqual(Array.from(reference));
      });
    }
    // Interleaved MCUs of several blocks per component, restarts inside them, and IJG's
    // fancy upsampling of the subsampled planes (an RGB JPEG: djpeg does not convert it).
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) =>
      i % 3 === 2 ? image.values[Math.floor(i / 3)]! : (i * 7 + (i % 11) * 13) % 256,
    );
    for (const sampling of ['2x1,1x1,1x1', '2x2,1x1,1x1']) {
      it(`decodes interleaved colour sampled ${sampling} with restart markers to djpeg's samples`, () => {
        const { jpeg, reference } = withLibjpeg(
          rgb,
          width,
          height,
          ['-sample', sampling, '-restart', '2B'],
          { rgb: true },
        );
        const ours = decodeJpegDct(jpeg);
        expect([ours.width, ours.height, ours.components]).toEqual([width, height, 3]);
        expect(Array.from(ours.samples)).toEqual(Array.from(reference));
      });
    }
  },
);
