import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../dicom/DicomError';
import { makeDicomSeeds } from './makeDicomSeeds';
import { mapSeed } from './mutateDicom';
import { fuzzCase } from './fuzzCase';
import { isCleanError, runDicomCase } from './runDicomCase';
import { replayDicomCase, runDicomFuzz } from './runDicomFuzz';

const regressions = join(import.meta.dirname, 'regressions');

/** What each saved failure now says; every file in regressions/ must be listed here. */
const expected: Record<string, RegExp> = {
  'fragment-length-ffffffff.dcm':
    /^parseDicom: malformed encapsulated Pixel Data: fragment 1 has undefined length$/,
  'implicit-last-element-past-end.dcm':
    /^decodeFrame: truncated pixel data: 1 frame\(s\) of 8x8 need 128 bytes, the file holds 88$/,
  'jpeg-lossless-library-typeerror.dcm':
    /^decodeFrame: JPEG Lossless could not decode the frame: the codestream is corrupt$/,
  'number-of-frames-not-a-number.dcm':
    /^decodeFrame: invalid image header: Number of Frames \(0028,0008\) is not a number$/,
  'nested-sequences-100-deep.dcm':
    /^parseDicom: malformed data set: sequences are nested more than 32 deep$/,
  'offset-table-length-ffffffff.dcm':
    /^parseDicom: malformed encapsulated Pixel Data: the Basic Offset Table claims 4294967295 bytes$/,
  'rle-32768-square-short-segments.dcm':
    /^decodeFrame: RLE segment 1 \(4 bytes\) is too short for a frame of 1073741824 pixels$/,
};

describe('DICOM fuzz regressions', () => {
  const files = readdirSync(regressions).filter((f) => f.endsWith('.dcm'));
  it('lists every saved case with the sentence it must end in', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });
  for (const file of files) {
    it(`ends ${file} in one clean sentence`, async () => {
      const outcome = await runDicomCase(new Uint8Array(readFileSync(join(regressions, file))));
      expect(outcome.kind).toBe('clean');
      expect(outcome.kind === 'clean' && outcome.message).toMatch(expected[file]!);
    });
  }
});

describe('the DICOM fuzz harness', () => {
  it('counts a TypeError, a bare string or a heap number as unclean and a DicomError sentence as clean', () => {
    expect(
      isCleanError(new TypeError("Cannot read properties of undefined (reading 'push')")),
    ).toBe(false);
    expect(isCleanError('readFixedString: attempt to read past end of buffer')).toBe(false);
    expect(
      isCleanError(new DicomError('decodeFrame', 'could not decode the frame (2572840)')),
    ).toBe(false);
    expect(isCleanError(new DicomError('decodeFrame', 'RLE segment 1 has a bad offset'))).toBe(
      true,
    );
  });

  it('starts from seeds that all decode', async () => {
    for (const seed of await makeDicomSeeds()) {
      expect((await runDicomCase(seed.bytes)).kind, seed.name).toBe('ok');
    }
  });

  it('makes the same case from the same seed and index, and different ones otherwise', async () => {
    const maps = (await makeDicomSeeds()).map((s) => mapSeed(s.name, s.bytes));
    expect(fuzzCase(maps, 7, 3)).toEqual(fuzzCase(maps, 7, 3));
    expect(fuzzCase(maps, 7, 3).what).not.toBe(fuzzCase(maps, 7, 4).what);
  });

  it('replays a saved case in a worker process under the same limits', async () => {
    const result = await replayDicomCase(join(regressions, 'rle-32768-square-short-segments.dcm'));
    expect(result.kind).toBe('clean');
    expect(result.message).toMatch(/too short for a frame of 1073741824 pixels/);
  }, 60_000);

  it('runs 300 fixed-seed cases in worker processes with no unclean error, hang or runaway allocation', async () => {
    const summary = await runDicomFuzz({ cases: 300, seed: 20261201 });
    expect(summary.failures).toEqual([]);
    expect(summary.counts.ok + summary.counts.clean).toBe(300);
    // The mutations must reach both outcomes, or the run tests nothing.
    expect(summary.counts.ok).toBeGreaterThan(30);
    expect(summary.counts.clean).toBeGreaterThan(30);
  }, 120_000);
});
