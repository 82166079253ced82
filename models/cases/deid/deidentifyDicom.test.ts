import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDicom } from '../../dicom/parseDicom';
import { hasDcmtk, noDcmtkReason, scratchDir } from '../../dicom/testing/dcmtk';
import { syntaxes } from '../../dicom/testing/writeDicom';
import { basicProfile, resolveAction } from './basicProfile';
import { deidentifyDicom, UidMap } from './deidentifyDicom';
import { readPart10, tagKey, type RawElement } from './dicomDataSet';
import {
  CT_IMAGE,
  FRAME_OF_REFERENCE_UID,
  PHI,
  STUDY_UID,
  identifiedCt,
} from './testing/identifiedDicom';

const hasDciodvfy = spawnSync('dciodvfy', ['-help'], { encoding: 'utf8' }).error === undefined;

/** Every element at any depth, with the path of sequence tags above it. */
function walk(
  elements: readonly RawElement[],
  path = '',
): { key: string; path: string; element: RawElement }[] {
  return elements.flatMap((element) => {
    const key = tagKey(element.tag);
    const here = [{ key, path, element }];
    const below = (element.items ?? []).flatMap((item) => walk(item, `${path}${key}/`));
    return [...here, ...below];
  });
}

const text = (e: RawElement) => new TextDecoder().decode(e.value).replace(/[\0 ]+$/, '');
const uid = (elements: readonly RawElement[], tag: number) =>
  text(walk(elements).find((x) => x.element.tag === tag)!.element);

function dump(bytes: Uint8Array): string {
  const { dir, dispose } = scratchDir();
  try {
    writeFileSync(join(dir, 'f.dcm'), bytes);
    const result = spawnSync('dcmdump', [join(dir, 'f.dcm')], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    return result.stdout;
  } finally {
    dispose();
  }
}

function iodErrors(bytes: Uint8Array): string[] {
  const { dir, dispose } = scratchDir();
  try {
    writeFileSync(join(dir, 'f.dcm'), bytes);
    const result = spawnSync('dciodvfy', [join(dir, 'f.dcm')], { encoding: 'utf8' });
    return `${result.stdout}\n${result.stderr}`
      .split('\n')
      .filter((line) => line.startsWith('Error'));
  } finally {
    dispose();
  }
}

describe('deidentifyDicom (PS3.15 Annex E Basic Profile)', () => {
  const original = identifiedCt({ instance: 1 });
  const uids = new UidMap();
  const { bytes, warnings } = deidentifyDicom(original, uids);
  const before = readPart10(original).dataSet;
  const after = readPart10(bytes).dataSet;

  it('leaves no attribute of the profile with its original value, at any depth', () => {
    const found = walk(before).filter((x) => basicProfile.has(x.key));
    expect(found.length).toBeGreaterThan(20);
    const out = new Map(walk(after).map((x) => [`${x.path}${x.key}`, x.element]));
    for (const { key, path, element } of found) {
      const action = resolveAction(basicProfile.get(key)!.action);
      const kept = out.get(`${path}${key}`);
      if (action === 'X') expect(kept, `${key} is removed`).toBeUndefined();
      else if (action === 'recurse') expect(kept?.items, `${key} stays a sequence`).not.toBeNull();
      else if (kept && !element.items && element.value.length > 0)
        expect(text(kept), `${key} (${basicProfile.get(key)!.name}) changed`).not.toBe(
          text(element),
        );
    }
    const everything = new TextDecoder('latin1').decode(bytes);
    for (const value of Object.values(PHI)) expect(everything).not.toContain(value);
    expect(everything).not.toContain('Jane');
  });

  it('removes private attributes, overlays and group lengths, and keeps the pixel data as it was', () => {
    const groups = walk(after).map((x) => x.element.tag >>> 16);
    expect(groups.filter((g) => g % 2 === 1)).toEqual([]);
    expect(groups.filter((g) => (g & 0xff00) === 0x6000)).toEqual([]);
    const pixels = (set: RawElement[]) => set.find((e) => e.tag === 0x7fe00010)!.value;
    expect(pixels(after)).toEqual(pixels(before));
    expect(parseDicom(bytes).dataSet.uint16('x00280010')).toBe(8);
  });

  it('records the de-identification and warns that burned-in text stays', () => {
    expect(uid(after, 0x00120062)).toBe('YES');
    expect(uid(after, 0x00080100)).toBe('113100');
    expect(warnings.join(' ')).toMatch(/burned into the image .* cannot be removed/);
    expect(warnings.join(' ')).toMatch(/Burned In Annotation \(0028,0301\) YES/);
  });

  it('replaces UIDs consistently across the files of one map, keeping class UIDs', () => {
    const second = deidentifyDicom(
      identifiedCt({ instance: 2, referenced: 1, transferSyntaxUID: syntaxes.implicitLE }),
      uids,
    );
    const other = readPart10(second.bytes).dataSet;
    expect(uid(other, 0x0020000d)).toBe(uid(after, 0x0020000d));
    expect(uid(other, 0x00200052)).toBe(uid(after, 0x00200052));
    // The second file's reference points at the first file's new SOP Instance UID.
    expect(uid(other, 0x00081155)).toBe(uid(after, 0x00080018));
    expect(uid(other, 0x00080018)).not.toBe(uid(after, 0x00080018));
    expect(uid(after, 0x0020000d)).not.toBe(STUDY_UID);
    expect(uid(after, 0x00200052)).not.toBe(FRAME_OF_REFERENCE_UID);
    expect(uid(after, 0x00080016)).toBe(CT_IMAGE);
    expect(uid(other, 0x00081150)).toBe(CT_IMAGE);
    for (const x of walk(after).filter((w) => w.element.vr === 'UI')) {
      const value = text(x.element);
      expect(value.length).toBeLessThanOrEqual(64);
      expect(value).toMatch(/^(1\.2\.840\.10008\.[\d.]+|2\.25\.[1-9]\d*)$/);
    }
    // The meta header names the new instance.
    const meta = readPart10(second.bytes).meta;
    expect(uid(meta, 0x00020003)).toBe(uid(other, 0x00080018));
    // Another map (another bundle) gives other UIDs: bundles cannot be linked.
    const elsewhere = readPart10(deidentifyDicom(original, new UidMap()).bytes).dataSet;
    expect(uid(elsewhere, 0x0020000d)).not.toBe(uid(after, 0x0020000d));
  });

  it('reads deflated files and writes them explicit little endian', () => {
    const deflated = deidentifyDicom(
      identifiedCt({ instance: 3, transferSyntaxUID: syntaxes.deflatedLE }),
      uids,
    );
    expect(readPart10(deflated.bytes).transferSyntax).toBe(syntaxes.explicitLE);
    expect(uid(readPart10(deflated.bytes).dataSet, 0x0020000d)).toBe(uid(after, 0x0020000d));
  });

  it('refuses what is not a Part 10 file with one sentence', () => {
    expect(() => deidentifyDicom(new Uint8Array(300), uids)).toThrow(/not a DICOM Part 10 file/);
    expect(() => deidentifyDicom(original.subarray(0, original.length - 40), uids)).toThrow(
      /truncated/,
    );
  });

  it.skipIf(!hasDcmtk)(
    'gives a file dcmdump reads without complaint and without the identifying values',
    () => {
      const text = dump(bytes);
      expect(text).toContain('(0012,0062) CS [YES]');
      expect(text).not.toMatch(/^\((\d{3}[13579abcdef]),/im);
      for (const value of Object.values(PHI)) expect(text).not.toContain(value);
      expect(dump(original)).toContain(PHI.name);
    },
  );

  it.skipIf(!hasDciodvfy)('adds no IOD error that dciodvfy finds (dicom3tools)', () => {
    const introduced = iodErrors(bytes).filter((line) => !iodErrors(original).includes(line));
    expect(introduced).toEqual([]);
    expect(iodErrors(bytes)).toEqual([]);
  });
});

if (!hasDcmtk) console.warn(`deidentifyDicom: skipping dcmdump checks: ${noDcmtkReason}`);
if (!hasDciodvfy)
  console.warn('deidentifyDicom: skipping dciodvfy checks: apt-get install dicom3tools');
