import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseDocument } from '../../../electron/common/schemas/cases';
import { encodePng } from '../../dicom/node/encodePng';
import { CaseStore } from '../CaseStore';
import { readPart10 } from '../deid/dicomDataSet';
import { PHI, identifiedCt } from '../deid/testing/identifiedDicom';
import { sha256Hex } from '../internal/blobStore';
import { sampleRun } from '../testing/sampleRun';
import { imageEntry, readCaseBundle, writeCaseBundle } from './caseBundle';
import { exportCaseBundle, importCaseBundle } from './exportCaseBundle';
import { renameEntry, setDeclaredSize } from './testing/patchZip';

const dirs: string[] = [];
let source: CaseStore;
let caseId: string;
beforeEach(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmx-bundle-'));
  dirs.push(dir);
  source = await CaseStore.open(dir);
  const png = encodePng({
    width: 4,
    height: 4,
    rgba: new Uint8ClampedArray(64).fill(200),
    grayscale: true,
  });
  const created = source.createCase({
    title: 'Nodule for teaching',
    notes: 'Reveal step 2 slowly.',
    studyContext: { modality: 'CT' },
    images: [{ name: 'DOE_JANE axial.png', png, width: 4, height: 4 }],
    originals: [
      {
        name: 'DOE_JANE.dcm',
        bytes: identifiedCt({ instance: 1 }),
        mediaType: 'application/dicom',
        deidentified: false,
      },
      {
        name: 'DOE_JANE-2.dcm',
        bytes: identifiedCt({ instance: 2, referenced: 1 }),
        mediaType: 'application/dicom',
        deidentified: false,
      },
    ],
  });
  caseId = created.id;
  const first = source.addRun(caseId, sampleRun('What is seen?', 'A solid nodule'));
  source.addRun(
    caseId,
    sampleRun('What follow-up?', 'CT at 6-12 months', { followUpOf: first.id }),
  );
});
afterEach(() => {
  source.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshStore(): Promise<CaseStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmx-bundle-'));
  dirs.push(dir);
  return CaseStore.open(dir);
}

/** A valid bundle's case.json and files, to spoil one thing at a time. */
function validParts(): { document: CaseDocument; files: Map<string, Uint8Array> } {
  const document = source.get(caseId);
  const files = new Map(document.images.map((i) => [i.sha256, source.readFile(i.sha256)]));
  return { document: { ...document, originals: [] }, files };
}

function zipOf(entries: Record<string, Uint8Array | string>): Uint8Array {
  const z: Zippable = {};
  for (const [name, value] of Object.entries(entries))
    z[name] = typeof value === 'string' ? strToU8(value) : value;
  return zipSync(z);
}

const refusedWith = (zip: Uint8Array, pattern: RegExp) => {
  expect(() => readCaseBundle(zip)).toThrow(/^This is not a case bundle MMedExpert can import: /);
  expect(() => readCaseBundle(zip)).toThrow(pattern);
};

describe('case bundles', () => {
  it('round-trips a case with its runs, follow-ups and de-identified originals into a fresh store', async () => {
    const { bytes, warnings } = await exportCaseBundle(source, caseId, { withOriginals: true });
    expect(warnings.join(' ')).toMatch(/burned into the image/);
    const target = await freshStore();
    const imported = importCaseBundle(target, bytes);
    const original = source.get(caseId);
    expect(imported.id).not.toBe(caseId);
    expect(imported.title).toBe(original.title);
    expect(imported.notes).toBe(original.notes);
    expect(imported.studyContext).toEqual({ modality: 'CT' });
    expect(imported.runs.map((r) => [r.question, r.answerText, r.steps, r.created])).toEqual(
      original.runs.map((r) => [r.question, r.answerText, r.steps, r.created]),
    );
    expect(imported.runs[1]!.followUpOf).toBe(imported.runs[0]!.id);
    expect(imported.runs[0]!.id).not.toBe(original.runs[0]!.id);
    expect(target.readFile(imported.images[0]!.sha256)).toEqual(
      source.readFile(original.images[0]!.sha256),
    );
    expect(imported.images[0]!.name).toBe('image 1.png');
    expect(imported.originals.map((o) => [o.name, o.deidentified])).toEqual([
      ['original 1.dcm', true],
      ['original 2.dcm', true],
    ]);
    const [one, two] = imported.originals.map((o) => target.readFile(o.sha256));
    for (const file of [one!, two!]) {
      const text = new TextDecoder('latin1').decode(file);
      for (const value of Object.values(PHI)) expect(text).not.toContain(value);
    }
    // One UID map per bundle: the second file still references the first.
    const uid = (bytes: Uint8Array, tag: number) => {
      const walk = (els: ReturnType<typeof readPart10>['dataSet']): string | undefined => {
        for (const e of els) {
          if (e.tag === tag) return new TextDecoder().decode(e.value).replace(/\0$/, '');
          for (const item of e.items ?? []) {
            const found = walk(item);
            if (found) return found;
          }
        }
        return undefined;
      };
      return walk(readPart10(bytes).dataSet);
    };
    expect(uid(two!, 0x00081155)).toBe(uid(one!, 0x00080018));
    expect(target.list({ search: 'teaching' }).map((c) => c.id)).toEqual([imported.id]);
  });

  it('leaves the originals out unless asked', async () => {
    const { bytes } = await exportCaseBundle(source, caseId);
    expect(readCaseBundle(bytes).document.originals).toEqual([]);
    expect(importCaseBundle(await freshStore(), bytes).originals).toEqual([]);
  });

  it('refuses entry names that point outside the bundle', () => {
    for (const name of [
      '../evil.png',
      '/etc/passwd',
      'images/../../x.png',
      'C:/x.png',
      'images\\x.png',
      './case.json',
    ]) {
      refusedWith(zipOf({ 'case.json': '{}', [name]: 'x' }), /points outside the bundle/);
    }
  });

  it('refuses a zip bomb by the actual inflated size, whatever the headers declare', () => {
    // 24 MiB of spaces deflate to a few kilobytes; the headers claim 1,000 bytes.
    const bomb = setDeclaredSize(
      zipOf({ 'case.json': ' '.repeat(24 * 1024 * 1024) }),
      'case.json',
      1000,
    );
    expect(bomb.length).toBeLessThan(200_000);
    refusedWith(bomb, /the entry case\.json inflates to more than its declared 1000 bytes/);
  });

  it('refuses entries declared larger than their limit before inflating them', () => {
    const big = setDeclaredSize(zipOf({ 'case.json': '{}' }), 'case.json', 17 * 1024 * 1024);
    refusedWith(big, /the entry case\.json declares 17825792 bytes; at most 16777216 are accepted/);
    const image = setDeclaredSize(
      zipOf({ 'case.json': '{}', [imageEntry('a'.repeat(64))]: 'x' }),
      imageEntry('a'.repeat(64)),
      33 * 1024 * 1024,
    );
    refusedWith(image, /declares 34603008 bytes/);
  });

  it('refuses too many entries, duplicate names and local names unlike the central ones', () => {
    const many: Record<string, string> = { 'case.json': '{}' };
    for (let i = 0; i < 200; i++) many[`images/${String(i).padStart(64, '0')}.png`] = 'x';
    refusedWith(zipOf(many), /it has 201 entries; at most 129 are accepted/);
    refusedWith(
      renameEntry(zipOf({ 'case.json': '{}', 'case.jsox': '{}' }), 'case.jsox', 'case.json'),
      /the entry case\.json appears twice/,
    );
    refusedWith(
      renameEntry(zipOf({ 'case.json': '{}' }), 'case.json', 'evil.json', { centralOnly: true }),
      /different name in its local header/,
    );
  });

  it('refuses what is no zip, or a damaged one', () => {
    refusedWith(strToU8('just text, no zip here'), /not a zip file/);
    const good = zipOf({ 'case.json': '{"a":1}' });
    const crc = good.slice();
    crc[40] = crc[40]! ^ 0xff; // a byte of the stored entry's data
    refusedWith(crc, /CRC-32|not valid deflate/);
  });

  it('refuses a case.json of another schema, a newer version or a wrong shape', () => {
    const { document, files } = validParts();
    const entries = (json: unknown): Record<string, Uint8Array | string> => ({
      'case.json': JSON.stringify(json),
      ...Object.fromEntries([...files].map(([sha, bytes]) => [imageEntry(sha), bytes])),
    });
    refusedWith(
      zipOf(entries({ ...document, schema: 'other' })),
      /does not declare "schema": "mmx-case"/,
    );
    refusedWith(
      zipOf(entries({ ...document, version: 7 })),
      /has version 7; this MMedExpert reads up to version 1/,
    );
    refusedWith(zipOf(entries({ ...document, title: 42 })), /case\.json title: /);
    refusedWith(zipOf(entries({ ...document, extra: true })), /case\.json/);
    refusedWith(
      zipOf({ ...entries(document), 'case.json': '{not json' }),
      /case\.json is not valid JSON/,
    );
    refusedWith(zipOf({ 'images/readme.txt': 'x' }), /points outside|no case\.json|does not list/);
    expect(readCaseBundle(zipOf(entries(document))).document.title).toBe(document.title);
  });

  it('refuses files that case.json does not list, lacks, or whose digest differs', () => {
    const { document, files } = validParts();
    const image = [...files][0]!;
    const base = { 'case.json': JSON.stringify(document), [imageEntry(image[0])]: image[1] };
    refusedWith(
      zipOf({ ...base, [imageEntry('b'.repeat(64))]: 'x' }),
      /which case\.json does not list/,
    );
    refusedWith(zipOf({ 'case.json': JSON.stringify(document) }), /it lacks images\//);
    refusedWith(
      zipOf({ ...base, [imageEntry(image[0])]: image[1].map((b) => b ^ 1) }),
      /does not match its SHA-256/,
    );
    const notPng = strToU8('GIF89a not a png');
    const wrong = {
      ...document,
      images: [{ ...document.images[0]!, sha256: sha256Hex(notPng), size: notPng.length }],
      runs: [],
    };
    refusedWith(
      zipOf({ 'case.json': JSON.stringify(wrong), [imageEntry(sha256Hex(notPng))]: notPng }),
      /is not a PNG/,
    );
  });

  it('refuses originals that are not marked de-identified', () => {
    const { document, files } = validParts();
    const dicom = identifiedCt({ instance: 1 });
    const withOriginal: CaseDocument = {
      ...document,
      originals: [
        {
          sha256: sha256Hex(dicom),
          name: 'x.dcm',
          mediaType: 'application/dicom',
          size: dicom.length,
          deidentified: false,
        },
      ],
    };
    const all = new Map([...files, [sha256Hex(dicom), dicom]]);
    refusedWith(
      writeCaseBundle(withOriginal, (sha) => all.get(sha)!),
      /the original x\.dcm is not marked de-identified/,
    );
  });
});
