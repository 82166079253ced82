import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePixels } from '../../electron/common/schemas/generation';
import { imageTokenCount, resolveImageBounds } from '../reasoning/imageTokens';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { patternImage } from '../tinymodels/testing/prepareImagePrompt';
import { readImageBounds } from './generationDefaults';
import { ModelRuntime } from './ModelRuntime';
import type { ImageSource } from './protocol';

const asSource = (image: RawImage): ImageSource => ({
  rgb: { width: image.width, height: image.height, data: new Uint8Array(image.data) },
});

let root: string;
let greedyDir: string;
let samplingDir: string;
const runtime = new ModelRuntime();
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-runtime-sampling-'));
  greedyDir = join(root, 'greedy');
  samplingDir = join(root, 'sampling');
  for (const dir of [greedyDir, samplingDir])
    await buildFixtureModel(dir, { kind: 'random', seed: 3, layers: 1, hidden: 32 });
  // A model whose generation_config.json asks for sampling, as Qwen2-VL-Instruct's does.
  const file = join(samplingDir, 'generation_config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(
    file,
    JSON.stringify({ ...config, do_sample: true, temperature: 1.3, top_k: 20, top_p: 0.95 }),
  );
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

const ask = { question: 'Describe the findings.', maxNewTokens: 24 };

describe('sampling in the worker', () => {
  it('is greedy by default for a model without do_sample, and temperature 0 gives the same tokens', async () => {
    await runtime.load(greedyDir);
    const plain = await runtime.generate(ask);
    const zero = await runtime.generate({ ...ask, sampling: { temperature: 0, seed: 5 } });
    expect(plain.sampling).toEqual({
      decoding: 'greedy',
      temperature: 0,
      topP: 1,
      topK: 0,
      repetitionPenalty: 1,
    });
    expect(zero.tokenIds).toEqual(plain.tokenIds);
  });

  it('repeats the text for the same seed and changes it for another seed', async () => {
    await runtime.load(greedyDir);
    const sampled = (seed: number) =>
      runtime.generate({ ...ask, sampling: { temperature: 1.5, seed } });
    const [a, b, c] = [await sampled(11), await sampled(11), await sampled(12)];
    expect(a.tokenIds).toEqual(b.tokenIds);
    expect(a.text).toBe(b.text);
    expect(a.tokenIds).not.toEqual(c.tokenIds);
    expect(a.sampling).toEqual({
      decoding: 'sampling',
      temperature: 1.5,
      topP: 1,
      topK: 50,
      repetitionPenalty: 1,
      seed: 11,
    });
  });

  it("takes the defaults from the model's generation_config.json, the user's values over them, and reports a seed it chose", async () => {
    await runtime.load(samplingDir);
    const defaults = await runtime.generate(ask);
    expect(defaults.sampling).toMatchObject({
      decoding: 'sampling',
      temperature: 1.3,
      topK: 20,
      topP: 0.95,
      repetitionPenalty: 1,
    });
    const seed = defaults.sampling?.seed as number;
    expect(Number.isInteger(seed)).toBe(true);
    const again = await runtime.generate({ ...ask, sampling: { seed } });
    expect(again.tokenIds).toEqual(defaults.tokenIds);
    const mine = await runtime.generate({
      ...ask,
      sampling: { topK: 1, repetitionPenalty: 1.2, seed: 1 },
    });
    expect(mine.sampling).toMatchObject({ topK: 1, repetitionPenalty: 1.2, temperature: 1.3 });
    const greedy = await runtime.generate({ ...ask, sampling: { temperature: 0 } });
    expect(greedy.sampling?.decoding).toBe('greedy');
  });
});

describe("the image processor's pixel bounds in the worker", () => {
  const image = patternImage(400, 300, 5);
  it.each<[string, ImagePixels | undefined]>([
    ['the model bounds', undefined],
    ['detail low', { detail: 'low' }],
    ['detail high', { detail: 'high' }],
    ['an explicit max_pixels', { maxPixels: 28 * 28 * 16 }],
    ['an explicit min_pixels', { minPixels: 28 * 28 * 300 }],
  ])('decide the vision tokens as the isomorphic count says, with %s', async (_label, pixels) => {
    await runtime.load(greedyDir);
    const bounds = resolveImageBounds(readImageBounds(greedyDir), pixels);
    const expected = imageTokenCount(400, 300, bounds);
    const text = await runtime.generate({ ...ask, maxNewTokens: 1 });
    const result = await runtime.generate({
      ...ask,
      maxNewTokens: 1,
      images: [asSource(image)],
      ...(pixels ? { imagePixels: pixels } : {}),
    });
    expect(result.imageTokens).toEqual([expected]);
    // The prompt grows by the image's pad tokens plus its vision start and end tokens.
    expect(result.usage.promptTokens - text.usage.promptTokens).toBe(expected + 2);
  });
});
