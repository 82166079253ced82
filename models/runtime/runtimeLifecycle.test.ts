import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/common/appError';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import type { Script } from '../tinymodels/script';
import { ModelRuntime } from './ModelRuntime';
import type { ImageSource } from './protocol';

const longAnswer = [
  '<think>',
  ...Array.from(
    { length: 12 },
    (_, i) =>
      `${i + 1}. Step ${i + 1}: compare the lesion with the prior study — größe 7 mm, stable. [fleischner-2017#solid-6-8mm]`,
  ),
  '</think>',
  '<answer>No follow-up needed. ✓</answer>',
].join('\n');
const script: Script = {
  rules: [
    { image: 'dark', text: longAnswer },
    { image: 'bright', text: '<think>Bright image.</think>\n<answer>(B)</answer>' },
    { image: 'any', text: 'No image was given.' },
  ],
};

const grey = (level: number): ImageSource => ({
  rgb: { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(level) },
});

let root: string;
let modelDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-runtime-life-'));
  modelDir = join(root, 'scripted');
  await buildFixtureModel(modelDir, { kind: 'scripted', script });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the scripted fixture through the worker', () => {
  const runtime = new ModelRuntime();
  beforeAll(() => runtime.load(modelDir));
  afterAll(() => runtime.dispose());

  it('reproduces the script text exactly for each image class', async () => {
    const dark = await runtime.generate({
      question: 'What is seen?',
      images: [grey(10)],
      maxNewTokens: 2000,
    });
    expect(dark.text).toBe(longAnswer);
    expect(dark.finishReason).toBe('eos');
    const bright = await runtime.generate({
      question: 'What is seen?',
      images: [grey(240)],
      maxNewTokens: 100,
    });
    expect(bright.text).toBe(script.rules[1]!.text);
    const none = await runtime.generate({ question: 'Anything?', maxNewTokens: 100 });
    expect(none.text).toBe('No image was given.');
    expect(none.imageCount).toBe(0);
  });

  it('reports usage and timings that add up', async () => {
    const r = await runtime.generate({ question: 'x', images: [grey(240)], maxNewTokens: 100 });
    expect(r.usage.completionTokens).toBe(r.tokenIds.length);
    expect(r.usage.promptTokens).toBeGreaterThan(16); // 64×64 → 16 image tokens plus the chat frame
    expect(r.timings.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.timeToFirstTokenMs);
    expect(r.timings.tokensPerSecond).toBeGreaterThan(0);
    expect(r.timings.loadMs).toBeGreaterThan(0);
  });

  it('stops early and says cancelled when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    let tokens = 0;
    const r = await runtime.generate(
      { question: 'What is seen?', images: [grey(10)], maxNewTokens: 2000 },
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'token' && ++tokens === 5) controller.abort();
        },
      },
    );
    expect(r.cancelled).toBe(true);
    expect(r.finishReason).toBe('cancelled');
    expect(r.tokenIds.length).toBeGreaterThanOrEqual(5);
    // A cut inside a multi-byte character ends in U+FFFD, as the tokenizer's decode (errors: replace) would.
    expect(longAnswer.startsWith(r.text.replace(/\uFFFD$/, ''))).toBe(true);
    expect(r.text.length).toBeLessThan(longAnswer.length / 2);
    // The same runtime keeps working after a cancel.
    const again = await runtime.generate({ question: 'x', images: [grey(240)], maxNewTokens: 100 });
    expect(again.text).toBe(script.rules[1]!.text);
  });

  it('turns a killed worker into a clear error and answers the next request with a fresh worker', async () => {
    const firstPid = runtime.workerPid;
    let tokens = 0;
    const failed = runtime.generate(
      { question: 'What is seen?', images: [grey(10)], maxNewTokens: 2000 },
      {
        onEvent: (e) => {
          if (e.type === 'token' && ++tokens === 3) process.kill(firstPid!, 'SIGKILL');
        },
      },
    );
    const error = await failed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('worker-crashed');
    expect((error as AppError).title).toBe('The model process stopped unexpectedly');
    expect((error as AppError).detail).toContain('SIGKILL');
    expect((error as AppError).suggestion).toMatch(/fresh process/);

    const r = await runtime.generate({ question: 'x', images: [grey(240)], maxNewTokens: 100 });
    expect(r.text).toBe(script.rules[1]!.text);
    expect(runtime.workerPid).not.toBe(firstPid);
  });

  it('rejects a missing image file with a bad-image error and keeps the model loaded', async () => {
    const error = await runtime
      .generate({ question: 'x', images: [{ path: join(root, 'nope.png') }], maxNewTokens: 5 })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('bad-image');
    expect((error as AppError).detail).toMatch(/image 1: cannot read nope\.png \(ENOENT\)/);
    const r = await runtime.generate({ question: 'x', maxNewTokens: 50 });
    expect(r.text).toBe('No image was given.');
  });
});

describe('loading a bad model folder', () => {
  async function brokenCopy(
    name: string,
    breakIt: (dir: string) => Promise<void>,
  ): Promise<string> {
    const dir = join(root, name);
    await buildFixtureModel(dir, { kind: 'random', seed: 1 });
    await breakIt(dir);
    return dir;
  }

  async function loadError(dir: string): Promise<AppError> {
    const runtime = new ModelRuntime();
    try {
      const error = await runtime.load(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    } finally {
      await runtime.dispose();
    }
  }

  it('names a missing file', async () => {
    const dir = await brokenCopy('missing', (d) => rm(join(d, 'tokenizer.json')));
    const error = await loadError(dir);
    expect(error.code).toBe('model-load-failed');
    expect(error.detail).toBe('tokenizer.json is missing');
    expect(error.suggestion).toContain('mmx model verify');
  });

  it('names a truncated onnx file', async () => {
    const dir = await brokenCopy('truncated', async (d) => {
      const file = join(d, 'onnx', 'decoder_model_merged.onnx');
      const { size } = await import('node:fs').then((fs) => fs.statSync(file));
      await truncate(file, Math.floor(size / 2));
    });
    const error = await loadError(dir);
    expect(error.detail).toMatch(/^onnx\/decoder_model_merged\.onnx cannot be loaded/);
  });

  it('names a wrong config', async () => {
    const dir = await brokenCopy('wrong-config', async (d) => {
      const config = JSON.parse(await readFile(join(d, 'config.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      await writeFile(join(d, 'config.json'), JSON.stringify({ ...config, model_type: 'llama' }));
    });
    const error = await loadError(dir);
    expect(error.detail).toContain(
      'model_type must be "qwen2_vl" or "qwen2_5_vl", got a different string',
    );
  });

  it('needs a loaded model before generating', async () => {
    const runtime = new ModelRuntime();
    const error = await runtime.generate({ question: 'x' }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('model-not-loaded');
    await runtime.dispose();
  });

  it('refuses a folder whose onnx part was replaced by another file', async () => {
    const dir = await brokenCopy('swapped', (d) =>
      copyFile(join(d, 'onnx', 'embed_tokens.onnx'), join(d, 'onnx', 'vision_encoder.onnx')),
    );
    const error = await loadError(dir);
    expect(error.detail).toMatch(/onnx\/vision_encoder: missing input pixel_values/);
  });
});
