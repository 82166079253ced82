import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseDocumentSchema, type CaseDocument } from '../../electron/common/schemas/cases';
import { CaseStore, casesDir } from '../cases/CaseStore';
import { PHI, identifiedCt } from '../cases/deid/testing/identifiedDicom';
import { decodeFrame } from '../dicom/decodeFrame';
import { decodePng } from '../dicom/node/encodePng';
import { renderFrame } from '../dicom/renderFrame';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import type { Script } from '../tinymodels/script';
import { runCli as run } from './testing/runCli';

const script: Script = {
  rules: [
    {
      image: 'any',
      text: '<think>\n1. A solid nodule of 7 mm [fleischner-2017#solid-6-8mm]\n2. Low-risk patient\n</think>\n<answer>A</answer>',
    },
  ],
};

let root: string;
let model: string;
let dicom: string;
const homes: string[] = [];

async function useFreshHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'mmx-home-'));
  homes.push(home);
  process.env.MMX_HOME = home;
  return home;
}

const json = <T>(r: { stdout: string }) => JSON.parse(r.stdout) as T;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-case-cli-'));
  model = join(root, 'model');
  await buildFixtureModel(model, { kind: 'scripted', script });
  dicom = join(root, 'DOE_JANE.dcm');
  await writeFile(dicom, identifiedCt({ instance: 1 }));
});
beforeEach(useFreshHome);
afterAll(async () => {
  delete process.env.MMX_HOME;
  await rm(root, { recursive: true, force: true });
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

const ask = (...extra: string[]) =>
  run([
    'ask',
    '--model',
    model,
    '--image',
    dicom,
    '--question',
    'Which nodule type?',
    '--option',
    'A=solid',
    '--option',
    'B=ground-glass',
    '--json',
    ...extra,
  ]);

describe('mmx ask --save-case and mmx case', () => {
  it('saves a run with the image as the model got it, the original and the study context; the JSON gains caseId', async () => {
    const plain = await ask();
    const saved = await ask('--save-case');
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    const doc = json<Record<string, unknown> & { caseId: string }>(saved);
    // Every field of the plain document stays, with the same values apart from timings.
    const { timings: _t1, usage: _u1, ...rest } = json<Record<string, unknown>>(plain);
    const { timings: _t2, usage: _u2, caseId, ...savedRest } = doc;
    expect(savedRest).toEqual(rest);
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    const shown = await run(['case', 'show', caseId, '--json']);
    expect(shown.code).toBe(0);
    const kase = caseDocumentSchema.parse(JSON.parse(shown.stdout));
    expect(kase.title).toBe('Which nodule type?');
    expect(kase.studyContext).toEqual({
      modality: 'CT',
      bodyPart: 'CHEST',
      studyDescription: 'CT CHEST for Jane',
      patientAgeYears: 68,
    });
    expect(kase.runs).toHaveLength(1);
    const runRecord = kase.runs[0]!;
    expect(runRecord).toMatchObject({
      question: 'Which nodule type?',
      options: { A: 'solid', B: 'ground-glass' },
      answerText: 'A',
      perspective: 'analytical',
    });
    expect(runRecord.answer?.letter).toBe('A');
    expect(runRecord.steps.map((s) => s.text)).toEqual([
      'A solid nodule of 7 mm [fleischner-2017#solid-6-8mm]',
      'Low-risk patient',
    ]);
    expect(runRecord.steps[0]!.citations[0]).toMatchObject({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
      source: 'model',
    });
    expect(runRecord.model).toMatchObject({ kind: 'local', name: 'Demo — not a medical model' });
    expect(runRecord.packVersions.length).toBeGreaterThan(0);
    expect(runRecord.imageIds).toEqual([kase.images[0]!.sha256]);
    const store = await CaseStore.open(casesDir());
    // The stored PNG holds the frame as displayed with the file's window (the pixels the model got).
    const frame = renderFrame(await decodeFrame(new Uint8Array(await readFile(dicom)), 0));
    const stored = decodePng(store.readFile(kase.images[0]!.sha256));
    expect({ width: stored.width, height: stored.height }).toEqual({
      width: frame.width,
      height: frame.height,
    });
    expect(stored.rgba).toEqual(new Uint8Array(frame.rgba));
    expect(kase.originals).toMatchObject([
      { name: 'DOE_JANE.dcm', mediaType: 'application/dicom', deidentified: false },
    ]);
    store.close();
  });

  it('adds runs to an existing case, names new cases, and leaves originals out on request', async () => {
    const first = json<{ caseId: string }>(
      await ask('--save-case', '--case-title', 'Teaching: RUL nodule', '--no-originals'),
    );
    const second = await ask('--save-case', '--case', first.caseId);
    expect(second.code).toBe(0);
    expect(json<{ caseId: string }>(second).caseId).toBe(first.caseId);
    const kase = json<CaseDocument>(await run(['case', 'show', first.caseId, '--json']));
    expect(kase.title).toBe('Teaching: RUL nodule');
    expect(kase.runs).toHaveLength(2);
    expect(kase.images).toHaveLength(1);
    expect(kase.originals.map((o) => o.name)).toEqual(['DOE_JANE.dcm']);
    const listed = json<{ cases: Record<string, unknown>[] }>(
      await run(['case', 'list', '--json']),
    );
    expect(listed.cases).toEqual([
      {
        id: first.caseId,
        title: 'Teaching: RUL nodule',
        created: kase.created,
        updated: kase.updated,
        runs: 2,
        specialty: kase.runs[1]!.specialty,
      },
    ]);
    expect(
      json<{ cases: unknown[] }>(await run(['case', 'list', '--search', 'rul', '--json'])).cases,
    ).toHaveLength(1);
    expect(
      json<{ cases: unknown[] }>(await run(['case', 'list', '--search', 'scaphoid', '--json']))
        .cases,
    ).toHaveLength(0);
  });

  it('refuses bad case flags with one line before any model runs', async () => {
    const cases = [
      [['--case', 'abc'], /^error: --case needs --save-case\n$/],
      [
        ['--save-case', '--case', '0123456789', '--case-title', 'x'],
        /^error: give --case ID or --case-title TEXT, not both\n$/,
      ],
      [
        ['--save-case', '--case', '0123456789'],
        /^error: No such case: no case has the id 0123456789 — List the cases to see their ids\.\n$/,
      ],
    ] as const;
    for (const [flags, message] of cases) {
      const r = await ask(...flags);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      // With --json the error is also the one document on stdout (models/cli/cliErrorData.ts).
      const { error } = json<{ error: { title: string } }>(r);
      expect(r.stderr).toContain(error.title);
    }
  });

  it('exports with de-identified originals and imports into a fresh MMX_HOME', async () => {
    const saved = json<{ caseId: string }>(await ask('--save-case', '--case-title', 'Export me'));
    const out = join(root, 'export.mmxcase');
    const exported = await run(['case', 'export', saved.caseId, '--out', out, '--with-originals']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/^warning: Pixel data was left as it is/);
    const bundle = new TextDecoder('latin1').decode(await readFile(out));
    expect(bundle).not.toContain('DOE_JANE');
    await useFreshHome();
    const imported = await run(['case', 'import', out, '--json']);
    expect(imported.code).toBe(0);
    const { id } = json<{ id: string }>(imported);
    const kase = json<CaseDocument>(await run(['case', 'show', id, '--json']));
    expect(kase.title).toBe('Export me');
    expect(kase.runs[0]!.question).toBe('Which nodule type?');
    expect(kase.originals).toMatchObject([{ name: 'original 1.dcm', deidentified: true }]);
    const store = await CaseStore.open(casesDir());
    const original = new TextDecoder('latin1').decode(store.readFile(kase.originals[0]!.sha256));
    store.close();
    for (const value of Object.values(PHI)) expect(original).not.toContain(value);
    expect((await run(['case', 'import', out])).stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(json<{ cases: unknown[] }>(await run(['case', 'list', '--json'])).cases).toHaveLength(2);
  });

  it('refuses a bad bundle, an unknown id and a newer store with one line each', async () => {
    const bad = join(root, 'bad.mmxcase');
    await writeFile(bad, 'not a zip');
    const r = await run(['case', 'import', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: This is not a case bundle MMedExpert can import: it is not a zip file (too short)\n',
    );
    expect((await run(['case', 'show', 'nope-nope-nope'])).stderr).toBe(
      'error: No such case: no case has the id nope-nope-nope\n',
    );
    expect((await run(['case', 'export', 'x', '--out', 'x.zip'])).stderr).toBe(
      'error: --out must name a .mmxcase file\n',
    );
  });

  it('deletes a case for good', async () => {
    const { caseId } = json<{ caseId: string }>(await ask('--save-case'));
    const r = await run(['case', 'delete', caseId]);
    expect(r.code).toBe(0);
    expect(json<{ cases: unknown[] }>(await run(['case', 'list', '--json'])).cases).toEqual([]);
    expect((await run(['case', 'delete', caseId])).stderr).toMatch(/^error: No such case/);
  });
});
