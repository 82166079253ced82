import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import {
  convertWithDcmtk,
  dcmtkDefaultVoi,
  hasDcmtk,
  noDcmtkReason,
  renderWithDcmtk,
} from './testing/dcmtk';
import { makeTestImage, type TestImageSpec } from './testing/makeTestImage';
import { syntaxes, writeDicom } from './testing/writeDicom';

interface Case {
  name: string;
  spec: TestImageSpec;
  syntax?: string;
  /** dcmtk compressor and its flags. */
  compress?: string[];
  /** dcmtk decompressor needed before dcmj2pnm can read the file (JPEG-LS). */
  decompressForReference?: string;
  lossy?: boolean;
  frame?: number;
}

const cases: Case[] = [
  {
    name: '12-bit CT-like data with a window from the file',
    spec: { rows: 40, columns: 50, bitsStored: 12, window: { center: 1500, width: 2000 } },
  },
  {
    name: 'signed 16-bit data with rescale and a min-max window',
    spec: { rows: 40, columns: 50, signed: true, rescale: { slope: 1, intercept: -1024 } },
    syntax: syntaxes.implicitLE,
  },
  {
    name: 'rescale slope 0.5 and several windows (first is used)',
    spec: {
      rows: 30,
      columns: 32,
      bitsStored: 12,
      rescale: { slope: 0.5, intercept: 20 },
      window: { center: [700, 100], width: [900, 50] },
    },
  },
  {
    name: 'MONOCHROME1 8-bit data in big endian',
    spec: { rows: 32, columns: 30, bitsAllocated: 8, photometric: 'MONOCHROME1' },
    syntax: syntaxes.explicitBE,
  },
  {
    name: 'MONOCHROME1 12-bit data with a window',
    spec: {
      rows: 32,
      columns: 30,
      bitsStored: 12,
      photometric: 'MONOCHROME1',
      window: { center: 2000, width: 3000 },
    },
  },
  {
    name: 'signed 12-bit data at high bit 13 in big endian',
    spec: {
      rows: 20,
      columns: 22,
      bitsStored: 12,
      highBit: 13,
      signed: true,
      window: { center: 10, width: 900 },
    },
    syntax: syntaxes.explicitBE,
  },
  {
    name: 'RGB with planar configuration 1, deflated',
    spec: { rows: 20, columns: 22, bitsAllocated: 8, samplesPerPixel: 3, planarConfiguration: 1 },
    syntax: syntaxes.deflatedLE,
  },
  {
    name: 'YBR_FULL colour',
    spec: { rows: 20, columns: 22, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'YBR_FULL' },
  },
  {
    name: 'frame 3 of a multi-frame file',
    spec: { rows: 16, columns: 18, frames: 4, bitsStored: 10 },
    frame: 2,
  },
  {
    name: 'JPEG Lossless SV1 of 12-bit data',
    spec: { rows: 40, columns: 50, bitsStored: 12 },
    compress: ['dcmcjpeg'],
  },
  {
    name: 'JPEG Lossless process 14 of signed 16-bit data',
    spec: { rows: 40, columns: 50, signed: true },
    compress: ['dcmcjpeg', '+el'],
  },
  {
    name: 'JPEG Lossless of RGB',
    spec: { rows: 24, columns: 26, bitsAllocated: 8, samplesPerPixel: 3 },
    compress: ['dcmcjpeg'],
  },
  {
    name: 'multi-frame JPEG Lossless',
    spec: { rows: 16, columns: 18, frames: 3, bitsStored: 12 },
    compress: ['dcmcjpeg'],
    frame: 1,
  },
  {
    name: 'RLE of signed 16-bit multi-frame data',
    spec: { rows: 40, columns: 50, signed: true, frames: 3 },
    compress: ['dcmcrle'],
    frame: 2,
  },
  {
    name: 'RLE of RGB',
    spec: { rows: 40, columns: 50, bitsAllocated: 8, samplesPerPixel: 3 },
    compress: ['dcmcrle'],
  },
  {
    name: 'JPEG-LS lossless of 12-bit data',
    spec: { rows: 40, columns: 50, bitsStored: 12 },
    compress: ['dcmcjpls'],
    decompressForReference: 'dcmdjpls',
  },
  {
    name: 'JPEG-LS lossless of RGB',
    spec: { rows: 40, columns: 50, bitsAllocated: 8, samplesPerPixel: 3 },
    compress: ['dcmcjpls'],
    decompressForReference: 'dcmdjpls',
  },
  {
    name: 'JPEG-LS near-lossless',
    spec: { rows: 40, columns: 50, bitsStored: 12 },
    compress: ['dcmcjpls', '+en', '+md', '2'],
    decompressForReference: 'dcmdjpls',
    lossy: true,
  },
  {
    name: 'JPEG baseline of 8-bit grey',
    spec: { rows: 40, columns: 50, bitsAllocated: 8 },
    compress: ['dcmcjpeg', '+eb'],
    lossy: true,
  },
  {
    name: 'JPEG baseline of RGB (YBR_FULL_422)',
    spec: { rows: 40, columns: 50, bitsAllocated: 8, samplesPerPixel: 3 },
    compress: ['dcmcjpeg', '+eb'],
    lossy: true,
  },
  {
    name: 'JPEG extended of 8-bit grey',
    spec: { rows: 40, columns: 50, bitsAllocated: 8 },
    compress: ['dcmcjpeg', '+ee'],
    lossy: true,
  },
  {
    name: 'JPEG extended of 12-bit grey (process 4) with a window',
    spec: { rows: 40, columns: 50, bitsStored: 12, window: { center: 1500, width: 2000 } },
    compress: ['dcmcjpeg', '+ee'],
    lossy: true,
  },
  {
    name: 'JPEG full progression of 12-bit grey (process 12, retired)',
    spec: { rows: 40, columns: 50, bitsStored: 12 },
    compress: ['dcmcjpeg', '+ep'],
    lossy: true,
  },
  {
    name: 'JPEG spectral selection of 12-bit grey (process 8, retired)',
    spec: { rows: 40, columns: 50, bitsStored: 12 },
    compress: ['dcmcjpeg', '+es'],
    lossy: true,
  },
];

describe.skipIf(!hasDcmtk)(
  `renderFrame against dcmtk dcmj2pnm${hasDcmtk ? '' : ` (skipped: ${noDcmtkReason})`}`,
  () => {
    for (const c of cases) {
      it(`matches dcmj2pnm ${c.lossy ? 'within 2 grey levels' : 'within 1 grey level'} for ${c.name}`, async () => {
        const image = makeTestImage(c.spec);
        let bytes = writeDicom({
          transferSyntaxUID: c.syntax ?? syntaxes.explicitLE,
          elements: image.elements,
          pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
        });
        if (c.compress) bytes = convertWithDcmtk(c.compress[0]!, c.compress.slice(1), bytes);
        const frame = await decodeFrame(bytes, c.frame ?? 0);
        if (!c.lossy) {
          const perFrame = c.spec.rows * c.spec.columns * (c.spec.samplesPerPixel ?? 1);
          const original = image.values.slice(
            (c.frame ?? 0) * perFrame,
            ((c.frame ?? 0) + 1) * perFrame,
          );
          if (c.spec.photometric !== 'YBR_FULL') expect(Array.from(frame.pixels)).toEqual(original);
        }
        const reference = c.decompressForReference
          ? convertWithDcmtk(c.decompressForReference, [], bytes)
          : bytes;
        const theirs = renderWithDcmtk(reference, {
          frame: c.frame,
          voi: dcmtkDefaultVoi(frame.windows.length > 0),
        });
        const { maxDiff } = compareWithPnm(renderFrame(frame), theirs);
        expect(maxDiff).toBeLessThanOrEqual(c.lossy ? 2 : 1);
      });
    }

    it('matches dcmj2pnm +Ww for a window given on the command line', async () => {
      const image = makeTestImage({
        rows: 30,
        columns: 30,
        bitsStored: 12,
        signed: true,
        rescale: { slope: 2, intercept: -100 },
      });
      const bytes = writeDicom({
        transferSyntaxUID: syntaxes.explicitLE,
        elements: image.elements,
        pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
      });
      const ours = renderFrame(await decodeFrame(bytes), { window: { center: 40, width: 400 } });
      const theirs = renderWithDcmtk(bytes, { voi: ['+Ww', '40', '400'] });
      expect(compareWithPnm(ours, theirs).maxDiff).toBeLessThanOrEqual(1);
    });
  },
);

describe.skipIf(!hasDcmtk)(
  `the VOI LUT Sequence against dcmtk${hasDcmtk ? '' : ` (skipped: ${noDcmtkReason})`}`,
  () => {
    // PS3.3 C.11.2: a non-linear VOI LUT (here a square-root curve over 12-bit
    // data, 12-bit entries); with no window in the file it is the default VOI.
    it('matches dcmj2pnm +Wl 1 for a 12-bit image with a square-root VOI LUT', async () => {
      const entries = 4096;
      const lut = Array.from({ length: entries }, (_, i) =>
        Math.round(Math.sqrt(i / (entries - 1)) * 4095),
      );
      const image = makeTestImage({
        rows: 40,
        columns: 50,
        bitsStored: 12,
        extra: [
          {
            tag: 0x00283010,
            vr: 'SQ',
            value: [
              [
                { tag: 0x00283002, vr: 'US', value: [entries, 0, 12] },
                { tag: 0x00283006, vr: 'US', value: lut },
              ],
            ],
          },
        ],
      });
      const bytes = writeDicom({
        transferSyntaxUID: syntaxes.explicitLE,
        elements: image.elements,
        pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
      });
      const frame = await decodeFrame(bytes, 0);
      expect(frame.windows).toEqual([]);
      expect(frame.voiLut?.data.length).toBe(entries);
      const ours = renderFrame(frame);
      expect(ours.window).toBeUndefined();
      const { maxDiff } = compareWithPnm(ours, renderWithDcmtk(bytes, { voi: ['+Wl', '1'] }));
      expect(maxDiff).toBeLessThanOrEqual(1);
    });
  },
);
