import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the dcmtk command-line tools are installed (CI installs them; tests skip without). */
export const hasDcmtk = spawnSync('dcmj2pnm', ['--version'], { encoding: 'utf8' }).status === 0;

export const noDcmtkReason =
  'dcmtk (dcmj2pnm, dcmcjpeg, dcmcjpls, dcmcrle) is not installed: apt-get install dcmtk';

/** A scratch folder removed by the returned disposer. */
export function scratchDir(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mmx-dicom-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a dcmtk tool; throws with its stderr when it fails. */
export function runDcmtk(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

/** Converts a DICOM byte buffer with a dcmtk tool (dcmcjpeg, dcmcjpls, dcmcrle, dcmconv ...). */
export function convertWithDcmtk(tool: string, args: string[], input: Uint8Array): Uint8Array {
  const { dir, dispose } = scratchDir();
  try {
    writeFileSync(join(dir, 'in.dcm'), input);
    runDcmtk(tool, [...args, join(dir, 'in.dcm'), join(dir, 'out.dcm')]);
    return new Uint8Array(readFileSync(join(dir, 'out.dcm')));
  } finally {
    dispose();
  }
}

export interface Pnm {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Parses binary PGM (P5) / PPM (P6) with maxval 255. */
export function parsePnm(bytes: Uint8Array): Pnm {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]!))) at++;
    if (bytes[at] === 0x23) {
      while (at < bytes.length && bytes[at] !== 0x0a) at++;
      continue;
    }
    let token = '';
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]!)))
      token += String.fromCharCode(bytes[at++]!);
    fields.push(token);
  }
  at++;
  const [magic, w, h, maxval] = fields;
  if ((magic !== 'P5' && magic !== 'P6') || maxval !== '255')
    throw new Error(`parsePnm: unsupported PNM header ${fields.join(' ')}`);
  const channels = magic === 'P5' ? 1 : 3;
  const width = Number(w);
  const height = Number(h);
  return { width, height, channels, data: bytes.subarray(at, at + width * height * channels) };
}

/** Renders one frame with dcmj2pnm and returns the 8-bit image. `frame` is 0-based. */
export function renderWithDcmtk(
  input: Uint8Array,
  options: { frame?: number; voi: string[] },
): Pnm {
  const { dir, dispose } = scratchDir();
  try {
    writeFileSync(join(dir, 'in.dcm'), input);
    runDcmtk('dcmj2pnm', [
      ...options.voi,
      '+F',
      String((options.frame ?? 0) + 1),
      join(dir, 'in.dcm'),
      join(dir, 'out.pnm'),
    ]);
    return parsePnm(new Uint8Array(readFileSync(join(dir, 'out.pnm'))));
  } finally {
    dispose();
  }
}

/** dcmtk's VOI flags for our default: the first window if the file has one, else min-max. */
export function dcmtkDefaultVoi(hasWindow: boolean): string[] {
  return hasWindow ? ['+Wi', '1'] : ['+Wm'];
}
