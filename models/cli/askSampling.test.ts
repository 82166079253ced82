import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageTokenCount, resolveImageBounds } from '../reasoning/imageTokens';
import { readImageBounds } from '../runtime/generationDefaults';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { runCli } from './testing/runCli';

let root: string;
let model: string;
let png: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-ask-sampling-'));
  model = join(root, 'model');
  await buildFixtureModel(model, { kind: 'random', seed: 4, layers: 1, hidden: 32 });
  const image = new PNG({ width: 320, height: 240 });
  for (let i = 0; i < image.data.length; i++) image.data[i] = i % 4 === 3 ? 255 : (i * 7) % 256;
  png = join(root, 'image.png');
  await writeFile(png, PNG.sync.write(image));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const ask = (...flags: string[]) =>
  runCli([
    'ask',
    '--model',
    model,
    '--question',
    'What is seen?',
    '--max-new-tokens',
    '16',
    '--json',
    ...flags,
  ]);

describe('mmx ask sampling and image flags', () => {
  it('repeats the text for the same --seed and reports the parameters it used', async () => {
    const a = await ask('--temperature', '1.4', '--top-k', '30', '--seed', '9');
    const b = await ask('--temperature', '1.4', '--top-k', '30', '--seed', '9');
    const c = await ask('--temperature', '1.4', '--top-k', '30', '--seed', '10');
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const [ja, jb, jc] = [a, b, c].map(
      (r) => JSON.parse(r.stdout) as { text: string; parameters: unknown },
    );
    expect(ja!.text).toBe(jb!.text);
    expect(ja!.text).not.toBe(jc!.text);
    expect(ja!.parameters).toEqual({
      maxNewTokens: 16,
      decoding: 'sampling',
      temperature: 1.4,
      topP: 1,
      topK: 30,
      repetitionPenalty: 1,
      seed: 9,
      imageTokens: [],
    });
  });

  it("is greedy by the model's generation_config.json without flags", async () => {
    const r = await ask();
    expect(JSON.parse(r.stdout).parameters).toMatchObject({ decoding: 'greedy', temperature: 0 });
  });

  it('sizes the image by --image-detail and --max-pixels and reports its vision tokens', async () => {
    const bounds = readImageBounds(model);
    for (const [flags, pixels] of [
      [[], {}],
      [['--image-detail', 'high'], { detail: 'high' }],
      [['--max-pixels', '20000'], { maxPixels: 20000 }],
    ] as const) {
      const r = await ask('--image', png, ...flags);
      expect(r.stderr).toBe('');
      const expected = imageTokenCount(320, 240, resolveImageBounds(bounds, pixels));
      expect(JSON.parse(r.stdout).parameters.imageTokens).toEqual([expected]);
    }
  });

  it.each([
    [['--temperature', '3'], "error: --temperature must be a number between 0 and 2, got '3'"],
    [['--top-p', '0'], "error: --top-p must be a number above 0 and at most 1, got '0'"],
    [['--top-k', '2.5'], "error: --top-k must be an integer between 0 and 1000000, got '2.5'"],
    [
      ['--repetition-penalty', '-1'],
      "error: --repetition-penalty must be a number between 0 and 10, got '-1'",
    ],
    [['--seed', 'x'], "error: --seed must be an integer between 0 and 4294967295, got 'x'"],
    [
      ['--image-detail', 'ultra'],
      "error: --image-detail must be one of low, auto, high, got 'ultra'",
    ],
    [
      ['--min-pixels', '5000', '--max-pixels', '4000'],
      'error: --min-pixels 5000 is above --max-pixels 4000',
    ],
  ])('refuses %j with one error line', async (flags, line) => {
    const r = await runCli(['ask', '--model', model, '--question', 'What is seen?', ...flags]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('documents the flags in --help', async () => {
    const r = await runCli(['ask', '--help']);
    for (const flag of [
      '--temperature',
      '--top-p',
      '--top-k',
      '--repetition-penalty',
      '--seed',
      '--image-detail',
      '--max-pixels',
    ])
      expect(r.stdout).toContain(flag);
  });
});
