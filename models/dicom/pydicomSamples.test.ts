import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { DicomError } from './DicomError';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import { hasDcmtk, parsePnm, scratchDir } from './testing/dcmtk';

// The public test files that pydicom ships (Debian: python3-pydicom, which
// .ci/run installs): real files from GDCM, dcmtk, vendors and pydicom's own
// edge cases (no meta, big endian, deflate, RLE, JPEG, JPEG 2000, JPEG-LS,
// RT dose, SR, waveforms, truncated files). Read in place, not copied.
const dir = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.dcm'))
      .sort()
  : [];

/** Where dcmtk and we knowingly differ, and why. */
const knownDifferences: Record<string, string> = {
  'rtdose_expb.dcm':
    'dcmtk reads 32-bit values in big-endian OW as 16-bit words; ours equal the little-endian twin rtdose.dcm',
  'rtdose_expb_1frame.dcm': 'as rtdose_expb.dcm',
};
const lossy =
  /JPEG Baseline|JPEG Extended|JPEG Spectral|JPEG Full|Lossy|JPEG 2000 Image Compression$/;

/** dcmtk's render of frame 0 (first window, else min-max), or its error line. */
function dcmtkRender(path: string): ReturnType<typeof parsePnm> | string {
  const { dir: scratch, dispose } = scratchDir();
  try {
    const tool = /jpeg_ls|jls/i.test(path) ? 'dcml2pnm' : 'dcmj2pnm';
    let error = '';
    for (const voi of [['+Wi', '1'], ['+Wm']]) {
      const out = join(scratch, 'out.pnm');
      const run = spawnSync(tool, [...voi, '+F', '1', path, out], { encoding: 'utf8' });
      if (run.status === 0) return parsePnm(new Uint8Array(readFileSync(out)));
      error = run.stderr.split('\n').find((l) => /^[EF]:/.test(l)) ?? 'failed';
    }
    return error;
  } finally {
    dispose();
  }
}

describe.skipIf(files.length === 0)(
  `pydicom's public test files (${files.length} in ${dir})`,
  () => {
    for (const file of files) {
      it(`${file}: renders as dcmtk does, or fails with one clean sentence where dcmtk fails too`, async () => {
        const path = join(dir, file);
        const bytes = new Uint8Array(readFileSync(path));
        let rendered: ReturnType<typeof renderFrame> | undefined;
        let failure: Error | undefined;
        let syntaxName = '';
        try {
          const parsed = parseDicom(bytes);
          syntaxName = parsed.transferSyntax.name;
          const info = readImageInfo(parsed);
          for (const w of info.warnings) expect(w).not.toContain('\n');
          if (info.isImage) rendered = renderFrame(await decodeFrame(parsed, 0));
          else await expect(decodeFrame(parsed)).rejects.toThrow(/holds no image|truncated/);
        } catch (error) {
          failure = error as Error;
        }
        if (failure) {
          expect(failure).toBeInstanceOf(DicomError);
          expect(failure.message).not.toContain('\n');
        }
        if (!hasDcmtk) return;
        const theirs = dcmtkRender(path);
        if (typeof theirs === 'string') return; // dcmtk fails: ours may render or fail cleanly.
        expect(failure?.message, 'dcmtk renders this file, so must we').toBeUndefined();
        if (knownDifferences[file]) return;
        expect(rendered, 'dcmtk renders an image here').toBeDefined();
        const { maxDiff } = compareWithPnm(rendered!, theirs);
        const allowed = lossy.test(syntaxName) ? 2 : 1;
        expect(maxDiff).toBeLessThanOrEqual(allowed);
      });
    }
  },
);
