import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../common/schemas/ask';
import type { CaseDocument, CaseView } from '../common/schemas/cases';
import { forkWorker } from '../../models/runtime/forkWorker';
import { createBackEnd } from './createHandlers';

const web = { mode: 'web' as const };
let home: string;
let backEnd: ReturnType<typeof createBackEnd>;
/** Every message sent to the inference worker: the prompts the model saw. */
const toWorker: unknown[] = [];

async function call<T>(name: string, payload: unknown = {}): Promise<T> {
  const envelope = await backEnd.dispatcher.call(name, payload, web);
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.value as T;
}

async function ask(payload: Record<string, unknown>): Promise<AskResult> {
  const envelope = await backEnd.dispatcher.stream(
    'ask',
    payload,
    () => undefined,
    new AbortController().signal,
    web,
  );
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.value as AskResult;
}

/** An ask image as the viewer's modelPixels sends it: 24×24 packed RGB of one grey. */
function greyImage(name: string, grey: number) {
  return { name, width: 24, height: 24, rgb: new Uint8Array(24 * 24 * 3).fill(grey) };
}

/** The RGB of a stored PNG (base64), to compare with what the model was sent. */
function pngRgb(base64: string): Uint8Array {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) rgb.set(png.data.subarray(i, i + 3), o);
  return rgb;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mmx-cases-backend-'));
  backEnd = createBackEnd({
    home,
    launchWorker: () => {
      const worker = forkWorker();
      return {
        get pid() {
          return worker.pid;
        },
        send: (message) => {
          toWorker.push(message);
          worker.send(message);
        },
        onMessage: (listener) => worker.onMessage(listener),
        onExit: (listener) => worker.onExit(listener),
        kill: () => worker.kill(),
      };
    },
  });
  await call('ensureDemoModel');
});
afterAll(async () => {
  await backEnd.dispose();
  await rm(home, { recursive: true, force: true });
});

describe('the case handlers', () => {
  it('saves a run to a new case, then a follow-up to the same case with the thread in the prompt', async () => {
    const image = greyImage('Doe^Jane_12345.dcm', 20);
    const first = await ask({
      question: 'Is there a pulmonary nodule?',
      images: [image],
      context: { modality: 'CT', bodyPart: 'CHEST', includeInPrompt: false },
      saveTo: { caseId: null },
    });
    expect(first.saveError).toBeUndefined();
    expect(first.caseId).toMatch(/^[0-9a-f-]{36}$/);
    const view = await call<CaseView>('getCase', { id: first.caseId });
    expect(view.case.title).toBe('Is there a pulmonary nodule?');
    expect(view.case.studyContext).toEqual({ modality: 'CT', bodyPart: 'CHEST' });
    expect(view.case.images.map((i) => i.name)).toEqual(['image 1.png']);
    // The case keeps exactly the pixels the model was sent, as PNG.
    expect(view.case.images[0]).toMatchObject({ width: 24, height: 24 });
    expect(pngRgb(view.images[0]!.pngBase64)).toEqual(image.rgb);
    expect(view.case.runs[0]).toMatchObject({
      id: first.runId,
      question: 'Is there a pulmonary nodule?',
      answerText: first.answer?.text ?? '',
    });
    expect(view.case.runs[0]!.steps.map((s) => s.text)).toEqual(first.steps.map((s) => s.text));

    toWorker.length = 0;
    const second = await ask({
      question: 'What follow-up does it need?',
      images: [image],
      saveTo: { caseId: first.caseId, followUpOf: first.runId },
    });
    expect(second.caseId).toBe(first.caseId);
    const prompt = JSON.stringify(toWorker, (_key, value: unknown) =>
      value instanceof Uint8Array ? 'bytes' : value,
    );
    expect(prompt).toContain('Question: Is there a pulmonary nodule?');
    expect(prompt).toContain('"role":"assistant"');
    expect(prompt).toContain('Question: What follow-up does it need?');
    const after = await call<CaseView>('getCase', { id: first.caseId });
    expect(after.case.runs.map((r) => r.followUpOf)).toEqual([null, first.runId]);
    // The same pixels are one image of the case.
    expect(after.case.images).toHaveLength(1);
  });

  it('refuses a follow-up of a run the case does not hold before the model runs', async () => {
    const { cases } = await call<{ cases: { id: string }[] }>('listCases');
    const envelope = await backEnd.dispatcher.stream(
      'ask',
      { question: 'Q', images: [], saveTo: { caseId: cases[0]!.id, followUpOf: '00000000-aaaa' } },
      () => undefined,
      new AbortController().signal,
      web,
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'case-follow-up' } });
  });

  it('lists, searches, renames, keeps notes, deletes with undo', async () => {
    const created = await ask({
      question: 'Scaphoid fracture?',
      images: [greyImage('w.png', 200)],
      saveTo: { caseId: null, title: 'Wrist' },
    });
    const list = await call<{ cases: { id: string; title: string }[] }>('listCases');
    expect(list.cases[0]).toMatchObject({ id: created.caseId, title: 'Wrist' });
    expect(
      (await call<{ cases: unknown[] }>('listCases', { search: 'scaphoid' })).cases,
    ).toHaveLength(1);
    expect(
      (await call<CaseDocument>('renameCase', { id: created.caseId, title: 'Wrist trauma' })).title,
    ).toBe('Wrist trauma');
    expect(
      (await call<CaseDocument>('setCaseNotes', { id: created.caseId, notes: 'Show in week 3' }))
        .notes,
    ).toBe('Show in week 3');
    await call('deleteCase', { id: created.caseId });
    expect(
      (await call<{ cases: { id: string }[] }>('listCases')).cases.map((c) => c.id),
    ).not.toContain(created.caseId);
    expect((await call<CaseDocument>('restoreCase', { id: created.caseId })).title).toBe(
      'Wrist trauma',
    );
    expect(
      (await call<{ cases: { id: string }[] }>('listCases', { search: 'week' })).cases.map(
        (c) => c.id,
      ),
    ).toEqual([created.caseId]);
  });

  it('exports a bundle and imports it back as a new case; a bad bundle is refused with a clear error', async () => {
    const { cases } = await call<{ cases: { id: string; title: string }[] }>('listCases', {
      search: 'wrist',
    });
    const bundle = await call<{ fileName: string; bundleBase64: string }>('exportCase', {
      id: cases[0]!.id,
    });
    expect(bundle.fileName).toBe('Wrist trauma.mmxcase');
    const imported = await call<CaseDocument>('importCase', { bundleBase64: bundle.bundleBase64 });
    expect(imported.id).not.toBe(cases[0]!.id);
    expect(imported.title).toBe('Wrist trauma');
    const envelope = await backEnd.dispatcher.call(
      'importCase',
      { bundleBase64: Buffer.from('not a zip at all, sorry').toString('base64') },
      web,
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'case-bundle-invalid',
        title: 'This is not a case bundle MMedExpert can import',
      },
    });
  });
});
