import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../common/schemas/ask';
import {
  imageTokenCount,
  resolveImageBounds,
  type ImageBounds,
} from '../../models/reasoning/imageTokens';
import { createBackEnd } from './createHandlers';

const web = { mode: 'web' as const };
let home: string;
let backEnd: ReturnType<typeof createBackEnd>;

const call = async (name: string, payload: unknown = {}) =>
  backEnd.dispatcher.call(name, payload, web);

/** A dark 32×32 image as the renderer sends it: RGB pixels. */
const darkImage = () => ({
  name: 'dark.png',
  width: 32,
  height: 32,
  rgb: new Uint8Array(32 * 32 * 3).fill(10),
});

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mmx-backend-'));
  backEnd = createBackEnd({ home });
});
afterAll(async () => {
  await backEnd.dispose();
  await rm(home, { recursive: true, force: true });
});

describe('the app back end (shared by IPC and web mode)', () => {
  it('refuses to answer before any model is installed, with a suggestion', async () => {
    const envelope = await backEnd.dispatcher.stream(
      'ask',
      { question: 'Q', images: [] },
      () => undefined,
      new AbortController().signal,
      web,
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'no-model', suggestion: expect.stringContaining('demo') },
    });
  });

  it('installs the demo model on first run and selects it', async () => {
    expect(await call('listModels')).toMatchObject({
      ok: true,
      value: { models: [], activeId: null },
    });
    const first = await call('ensureDemoModel');
    expect(first).toMatchObject({ ok: true, value: { activeId: 'demo-not-a-medical-model' } });
    // A second first-run (two windows) does not duplicate or fail.
    const again = await call('ensureDemoModel');
    expect(again.ok && (again.value as { models: unknown[] }).models).toHaveLength(1);
  });

  it('answers about an image with steps, citations and the demo label', async () => {
    const events: Array<{ type: string }> = [];
    const envelope = await backEnd.dispatcher.stream(
      'ask',
      {
        question: 'Is there a pulmonary nodule?',
        images: [darkImage()],
      },
      (event) => events.push(event as { type: string }),
      new AbortController().signal,
      web,
    );
    expect(envelope.ok).toBe(true);
    const result = (
      envelope as {
        value: {
          steps: Array<{
            text: string;
            citations: Array<{ guideline: string; passage: string; source: string }>;
          }>;
          model: { demo: boolean };
          cancelled: boolean;
        };
      }
    ).value;
    expect(result.model.demo).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.steps).toHaveLength(3);
    expect(result.steps[1]?.text).toContain('mostly dark');
    expect(result.steps[2]?.citations[0]).toMatchObject({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
      source: 'model',
    });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('routing');
    expect(types.filter((t) => t === 'step')).toHaveLength(3);
    expect(types).toContain('answer');
    expect(types.at(-1)).toBe('perspective-done');
  });

  it('refuses malformed ask requests before touching the model', async () => {
    for (const payload of [
      { question: '', images: [] },
      { question: 'Q', images: [{ ...darkImage(), rgb: new Uint8Array(5) }] },
      {
        question: 'Q',
        images: [
          { ...darkImage(), width: 2048, height: 2048, rgb: new Uint8Array(2048 * 2048 * 3) },
        ],
      },
      { question: 'Q', images: [{ name: 'x', rgb: 'AAAA' }] },
      { question: 'Q', images: [], sampling: { temperature: 5 } },
      { question: 'Q', images: [], sampling: { topP: 0 } },
      { question: 'Q', images: [], imagePixels: { detail: 'ultra' } },
      { question: 'Q', images: [], imagePixels: { minPixels: 9000, maxPixels: 8000 } },
    ]) {
      const envelope = await backEnd.dispatcher.stream(
        'ask',
        payload,
        () => undefined,
        new AbortController().signal,
        web,
      );
      expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
  });

  it('refuses a 7th image with the one clear sentence', async () => {
    const envelope = await backEnd.dispatcher.stream(
      'ask',
      { question: 'Q', images: Array.from({ length: 7 }, darkImage) },
      () => undefined,
      new AbortController().signal,
      web,
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const error = (envelope as { error: { title: string; cause?: string } }).error;
    expect(`${error.title} ${error.cause ?? ''}`).toContain(
      'A question can carry at most 6 images; 7 were given.',
    );
  });

  it('runs with the sampling and image detail asked for and shows them in what the model received', async () => {
    const list = (await call('listModels')) as {
      value: { models: { imageBounds?: ImageBounds; generationDefaults?: unknown }[] };
    };
    const entry = list.value.models[0]!;
    expect(entry.generationDefaults).toMatchObject({ doSample: false });
    const bounds = entry.imageBounds as ImageBounds;
    expect(bounds.factor).toBe(28);
    const ask = (extra: object) =>
      backEnd.dispatcher.stream(
        'ask',
        { question: 'Is there a nodule?', images: [darkImage()], maxNewTokens: 8, ...extra },
        () => undefined,
        new AbortController().signal,
        web,
      );
    const envelope = await ask({
      sampling: { temperature: 0.8, topK: 5, seed: 21 },
      imagePixels: { detail: 'high' },
    });
    const received = (envelope as { value: AskResult }).value.received!;
    expect(received.parameters).toMatchObject({
      decoding: 'sampling',
      sampling: { temperature: 0.8, topK: 5, topP: 1, repetitionPenalty: 1, seed: 21 },
      imagePixels: { detail: 'high' },
    });
    expect(received.images[0]!.tokens).toBe(
      imageTokenCount(32, 32, resolveImageBounds(bounds, { detail: 'high' })),
    );
    const greedy = (await ask({})) as { value: AskResult };
    expect(greedy.value.received!.parameters.decoding).toBe('greedy');
    expect(greedy.value.received!.images[0]!.tokens).toBe(imageTokenCount(32, 32, bounds));
  });

  it('opens a cited passage and says clearly when an id does not exist', async () => {
    expect(
      await call('getPassage', { guideline: 'fleischner-2017', passage: 'solid-6-8mm' }),
    ).toMatchObject({
      ok: true,
      value: { guideline: { issuer: 'Fleischner Society' }, passage: { id: 'solid-6-8mm' } },
    });
    expect(
      await call('getPassage', { guideline: 'fleischner-2017', passage: 'made-up' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'passage-not-found' },
    });
  });

  it('verifies a folder that is not a model and lists its problems', async () => {
    const envelope = await call('verifyModelFolder', { path: home });
    expect(envelope.ok && (envelope.value as { ok: boolean; problems: unknown[] }).ok).toBe(false);
    expect(
      envelope.ok && (envelope.value as { problems: unknown[] }).problems.length,
    ).toBeGreaterThan(2);
    expect(await call('importModel', { path: home })).toMatchObject({
      ok: false,
      error: { code: 'model-invalid' },
    });
  });

  it('never quotes the content of files in a folder it was asked to verify or import', async () => {
    const folder = join(home, 'not-a-model');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'config.json'), 'TOP-SECRET password=hunter2');
    await writeFile(join(folder, 'tokenizer.json'), '{"model": {"type": "TOP-SECRET"}}');
    await writeFile(
      join(folder, 'preprocessor_config.json'),
      '{"processor_class": "x", "patch_size": "TOP-SECRET"}',
    );
    const verified = JSON.stringify(await call('verifyModelFolder', { path: folder }));
    const imported = JSON.stringify(await call('importModel', { path: folder }));
    expect(verified).toContain('config.json');
    expect(imported).toContain('model-invalid');
    for (const reply of [verified, imported]) {
      expect(reply).not.toContain('SECRET');
      expect(reply).not.toContain('hunter2');
    }
  });

  it('refuses to select a model that is not installed', async () => {
    expect(await call('setActiveModel', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'model-not-found' },
    });
  });
});
