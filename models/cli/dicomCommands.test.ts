import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from '../dicom/node/encodePng';
import { scratchDir } from '../dicom/testing/dcmtk';
import { makeTestImage } from '../dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../dicom/testing/writeDicom';
import { CliError, UsageError } from './command';
import { dicomInfoCommand } from './dicomInfoCommand';
import { dicomRenderCommand } from './dicomRenderCommand';
import { runCommand as run } from './testing/runCli';

const scratch = scratchDir();
afterAll(() => scratch.dispose());

function writeCt(name: string): string {
  const image = makeTestImage({
    rows: 12,
    columns: 10,
    signed: true,
    bitsStored: 12,
    frames: 2,
    rescale: { slope: 1, intercept: -1024 },
    window: { center: [40, 300], width: [400, 1500] },
    modality: 'CT',
  });
  const path = join(scratch.dir, name);
  writeFileSync(
    path,
    writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: image.elements,
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    }),
  );
  return path;
}

describe('mmx dicom info', () => {
  it('lists what was wrong but read anyway under warnings, empty for a clean file', async () => {
    const clean = writeCt('clean.dcm');
    expect(JSON.parse((await run(dicomInfoCommand, [clean, '--json'])).stdout).warnings).toEqual(
      [],
    );
    const noPreamble = join(scratch.dir, 'no-preamble.dcm');
    writeFileSync(noPreamble, readFileSync(clean).subarray(132));
    const info = JSON.parse((await run(dicomInfoCommand, [noPreamble, '--json'])).stdout);
    expect(info.transferSyntaxUID).toBe(syntaxes.explicitLE);
    expect(info.warnings).toEqual([
      'the file has no 128-byte preamble and "DICM" prefix; its File Meta starts at byte 0',
    ]);
    expect((await run(dicomInfoCommand, [noPreamble])).stdout).toContain(
      'warning: the file has no 128-byte preamble',
    );
  });

  it('prints the contract fields as JSON and shows patient tags only with --phi', async () => {
    const path = writeCt('ct.dcm');
    const info = JSON.parse((await run(dicomInfoCommand, [path, '--json'])).stdout);
    expect(info).toMatchObject({
      transferSyntaxUID: syntaxes.explicitLE,
      transferSyntaxName: 'Explicit VR Little Endian',
      sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
      modality: 'CT',
      rows: 12,
      columns: 10,
      numberOfFrames: 2,
      bitsAllocated: 16,
      bitsStored: 12,
      pixelRepresentation: 1,
      photometricInterpretation: 'MONOCHROME2',
      samplesPerPixel: 1,
      windowCenter: [40, 300],
      windowWidth: [400, 1500],
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      pixelSpacing: [0.5, 0.5],
      bodyPartExamined: 'CHEST',
      studyDescription: 'Synthetic test study',
    });
    expect(JSON.stringify(info)).not.toContain('Test^Patient');
    const withPhi = (await run(dicomInfoCommand, [path, '--json', '--phi'])).stdout;
    expect(withPhi).toContain('Test^Patient');
  });

  it('describes a PNG with the fields that apply', async () => {
    const path = join(scratch.dir, 'x.png');
    await run(dicomRenderCommand, [writeCt('for-png.dcm'), '--out', path]);
    const info = JSON.parse((await run(dicomInfoCommand, [path, '--json'])).stdout);
    expect(info).toMatchObject({ kind: 'png', rows: 12, columns: 10, samplesPerPixel: 1 });
  });

  it('fails with one clear line for a file that is not DICOM', async () => {
    const path = join(scratch.dir, 'notes.txt');
    writeFileSync(path, 'just some text\n');
    await expect(run(dicomInfoCommand, [path])).rejects.toThrow(CliError);
    await expect(run(dicomInfoCommand, [join(scratch.dir, 'missing.dcm')])).rejects.toThrow(
      UsageError,
    );
  });
});

describe('mmx dicom render', () => {
  it('writes an 8-bit grey PNG with the window given, for the frame asked', async () => {
    const path = writeCt('ct2.dcm');
    const out = join(scratch.dir, 'frame1.png');
    const { stdout } = await run(dicomRenderCommand, [
      path,
      '--out',
      out,
      '--frame',
      '1',
      '--window=-1000,1',
      '--json',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({
      width: 10,
      height: 12,
      frame: 1,
      window: { center: -1000, width: 1 },
    });
    const png = decodePng(new Uint8Array(readFileSync(out)));
    // Window width 1 at -1000: every value above is white, below is black.
    expect(new Set(Array.from(png.rgba).filter((_, i) => i % 4 === 0))).toEqual(new Set([0, 255]));
  });

  it('rejects a bad --window and a frame that does not exist', async () => {
    const path = writeCt('ct3.dcm');
    const out = join(scratch.dir, 'bad.png');
    await expect(run(dicomRenderCommand, [path, '--out', out, '--window', '40'])).rejects.toThrow(
      /--window must be CENTER,WIDTH/,
    );
    await expect(run(dicomRenderCommand, [path, '--out', out, '--frame', '5'])).rejects.toThrow(
      /frame 5 does not exist/,
    );
    await expect(run(dicomRenderCommand, [path])).rejects.toThrow(/missing required flag --out/);
  });
});
