import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/common/appError';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { planReasoning, runReasoning, type ReasoningEvent } from '../reasoning/runReasoning';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { patternImage } from '../tinymodels/testing/prepareImagePrompt';
import type { InferenceRuntime } from './InferenceRuntime';
import { ModelRuntime } from './ModelRuntime';
import type { GenerateEvent, GenerateRequest, ImageSource } from './protocol';

const asSource = (image: RawImage): ImageSource => ({
  rgb: { width: image.width, height: image.height, data: new Uint8Array(image.data) },
});

let root: string;
let dir: string;
const runtime = new ModelRuntime();
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-generate-forks-'));
  dir = join(root, 'random');
  await buildFixtureModel(dir, { kind: 'random', seed: 7, layers: 2, hidden: 64 });
  await runtime.load(dir);
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

/** Requests that differ only in their last sentence, with the same image object. */
function requests(image: ImageSource, maxNewTokens: number): GenerateRequest[] {
  return ['Think in differentials.', 'Recognise the pattern.', 'Go feature by feature.'].map(
    (tail) => ({
      messages: [
        { role: 'system', content: 'You are a careful assistant who reasons in numbered steps.' },
        {
          role: 'user',
          content: [
            { type: 'image', image },
            { type: 'text', text: `Describe the findings of this chest image.\n\n${tail}` },
          ],
        },
      ],
      maxNewTokens,
    }),
  );
}

describe('ModelRuntime.generateForks', () => {
  it('answers each request with the tokens and text of its own generate call, streamed per request in order', async () => {
    const forked = requests(asSource(patternImage(84, 56, 3)), 16);
    const events: [number, GenerateEvent][] = [];
    const results = await runtime.generateForks(forked, {
      onEvent: (fork, event) => events.push([fork, event]),
    });
    expect(results).toHaveLength(3);
    for (const [i, request] of forked.entries()) {
      const alone = await runtime.generate(request);
      expect(results[i]!.tokenIds).toEqual(alone.tokenIds);
      expect(results[i]!.text).toBe(alone.text);
      expect(results[i]!.usage).toEqual(alone.usage);
      const own = events.filter(([fork]) => fork === i).map(([, e]) => e);
      expect(own.flatMap((e) => (e.type === 'token' ? [e.tokenId] : []))).toEqual(alone.tokenIds);
      expect(own.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')).toBe(alone.text);
      // The image and everything before the last sentence (split fine by the tiny tokenizer) were prefilled once.
      expect(results[i]!.sharedPromptTokens).toBeGreaterThan(alone.usage.promptTokens - 30);
    }
    // One request's events end before the next one's begin.
    const order = events.map(([fork]) => fork);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Every request had its first token before the first one had finished.
    for (const r of results)
      expect(r.timings.timeToFirstTokenMs).toBeLessThanOrEqual(results[0]!.timings.totalMs);
    // The first request's first token was streamed before the later requests were prefilled.
    const streamedFirst = events.flatMap(([, e]) => (e.type === 'token' ? [e.elapsedMs] : []))[0];
    expect(streamedFirst).toBeLessThan(results[1]!.timings.timeToFirstTokenMs);
  });

  it('refuses requests whose images differ, in one sentence', async () => {
    const [a, b] = requests(asSource(patternImage(56, 56, 1)), 4);
    const [c] = requests(asSource(patternImage(56, 56, 2)), 4);
    const error = await runtime.generateForks([a!, b!, c!]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).toData()).toMatchObject({
      code: 'bad-request',
      title: 'The requests of one forked generation must share their images',
      cause: 'request 3 has other images than request 1',
    });
  });

  it('stops within one token when aborted, leaving the later requests empty and cancelled', async () => {
    const controller = new AbortController();
    let tokens = 0;
    const results = await runtime.generateForks(requests(asSource(patternImage(56, 56, 4)), 200), {
      signal: controller.signal,
      onEvent: (_fork, event) => {
        if (event.type === 'token' && ++tokens === 3) controller.abort();
      },
    });
    expect(results.map((r) => r.cancelled)).toEqual([true, true, true]);
    expect(results[0]!.tokenIds.length).toBeGreaterThanOrEqual(3);
    expect(results[0]!.tokenIds.length).toBeLessThan(200);
    expect(results.slice(1).map((r) => r.tokenIds.length)).toEqual([0, 0]);
  });
});

describe('runReasoning with all four perspectives', () => {
  it('streams over forks exactly what one generate call per perspective streams', async () => {
    const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
    const plan = planReasoning(packs, {
      question: 'Is there a pulmonary nodule that needs follow-up?',
      images: [asSource(patternImage(56, 84, 5))],
      routing: { modality: 'CT', bodyPart: 'CHEST' },
      perspective: 'all',
      options: { A: 'No follow-up', B: 'CT at 6-12 months' },
    });
    // The same worker without generateForks: the path a model server takes.
    const separate: InferenceRuntime = {
      load: (model, options) => runtime.load(model, options),
      generate: (request, options) => runtime.generate(request, options),
      unload: () => runtime.unload(),
      dispose: () => runtime.dispose(),
    };
    const run = async (backend: InferenceRuntime) => {
      const events: ReasoningEvent[] = [];
      const result = await runReasoning(
        backend,
        plan,
        { modelDir: dir, maxNewTokens: 24 },
        { onEvent: (e) => events.push(e) },
      );
      return { events, result };
    };
    const forked = await run(runtime);
    const alone = await run(separate);
    expect(forked.events).toEqual(alone.events);
    expect(forked.result.texts).toEqual(alone.result.texts);
    expect(forked.result.results.map((r) => r.tokenIds)).toEqual(
      alone.result.results.map((r) => r.tokenIds),
    );
    expect(forked.result.texts.map((t) => t.perspective)).toEqual([
      'differential',
      'intuitive',
      'analytical',
      'bayesian',
    ]);
    expect(new Set(forked.result.texts.map((t) => t.text)).size).toBeGreaterThan(1);
    expect(forked.result.results.every((r) => (r.sharedPromptTokens ?? 0) > 100)).toBe(true);
  });
});
