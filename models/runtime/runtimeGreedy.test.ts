import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoProcessor,
  env,
  type Processor,
  type RawImage,
  type Tensor,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { ortGreedyGenerate } from '../tinymodels/testing/ortGreedyGenerate';
import {
  patternImage,
  prepareImagePrompt,
  solidImage,
} from '../tinymodels/testing/prepareImagePrompt';
import { ModelRuntime } from './ModelRuntime';
import type { GenerateEvent, ImageSource } from './protocol';

env.allowRemoteModels = false;
env.useFSCache = false;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-runtime-greedy-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const asSource = (image: RawImage): ImageSource => ({
  rgb: { width: image.width, height: image.height, data: new Uint8Array(image.data) },
});

/** The reference: the fixture helper's processor-based prompt and bare onnxruntime-node loop. */
async function reference(
  dir: string,
  processor: Processor,
  images: RawImage[],
  question: string,
  maxNewTokens: number,
  suffix = '',
) {
  const messages = [
    {
      role: 'user',
      content: [...images.map(() => ({ type: 'image' })), { type: 'text', text: question }],
    },
  ];
  const text = processor.tokenizer!.apply_chat_template(messages, {
    tokenize: false,
    add_generation_prompt: true,
  }) as string;
  const prompt = await prepareImagePrompt(processor, text, images);
  return ortGreedyGenerate(dir, {
    inputIds: (prompt.input_ids.tolist() as bigint[][])[0]!.map(Number),
    pixelValues: prompt.pixel_values?.data as Float32Array | undefined,
    gridThw: (prompt.image_grid_thw as Tensor | undefined)
      ?.tolist()
      .map((row: bigint[]) => row.map(Number)),
    maxNewTokens,
    textOnlyPositions: 'python',
    suffix,
  });
}

describe.each(['qwen2_5_vl', 'qwen2_vl'] as const)(
  'greedy decoding through the worker (%s)',
  (variant) => {
    let dir: string;
    let processor: Processor;
    const runtime = new ModelRuntime();

    beforeAll(async () => {
      dir = join(root, variant);
      await buildFixtureModel(dir, { kind: 'random', seed: 7, variant, layers: 2, hidden: 64 });
      processor = await AutoProcessor.from_pretrained(dir);
      await runtime.load(dir);
    });
    afterAll(() => runtime.dispose());

    const cases: [string, RawImage[]][] = [
      ['one image', [patternImage(64, 48, 1)]],
      [
        'three images of different sizes',
        [patternImage(56, 56, 2), patternImage(84, 112, 3), patternImage(120, 64, 4)],
      ],
      ['no image', []],
    ];

    it.each(cases)(
      'matches a bare onnxruntime loop token for token with %s',
      async (_label, images) => {
        const question = 'Describe the findings.';
        const maxNewTokens = 12;
        const expected = await reference(dir, processor, images, question, maxNewTokens);
        const events: GenerateEvent[] = [];
        const result = await runtime.generate(
          { question, images: images.map(asSource), maxNewTokens },
          { onEvent: (e) => events.push(e) },
        );
        expect(result.tokenIds).toEqual(expected);
        expect(result.imageCount).toBe(images.length);
        expect(result.usage.completionTokens).toBe(expected.length);
        // Streamed events carry the same tokens, and the text pieces add up to the decoded text.
        expect(events.filter((e) => e.type === 'token').map((e) => e.tokenId)).toEqual(expected);
        const streamed = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
        expect(streamed).toBe(result.text);
        expect(result.text).toBe(
          processor.tokenizer!.decode(expected, { skip_special_tokens: true }),
        );
      },
    );

    it('gives different tokens for different images (the image features reach the decoder)', async () => {
      const a = await runtime.generate({
        question: 'What?',
        images: [asSource(solidImage(64, 64, 0))],
        maxNewTokens: 8,
      });
      const b = await runtime.generate({
        question: 'What?',
        images: [asSource(solidImage(64, 64, 255))],
        maxNewTokens: 8,
      });
      expect(a.tokenIds).not.toEqual(b.tokenIds);
    });
  },
);

describe('greedy decoding of an fp16 folder through the worker', () => {
  let dir: string;
  let processor: Processor;
  const runtime = new ModelRuntime();

  beforeAll(async () => {
    dir = join(root, 'fp16');
    await buildFixtureModel(dir, { kind: 'random', seed: 9, dtype: 'fp16' });
    processor = await AutoProcessor.from_pretrained(dir);
  });
  afterAll(() => runtime.dispose());

  it.each([
    ['one image', [patternImage(64, 48, 1)]],
    ['no image', []],
  ] as [string, RawImage[]][])(
    'loads the _fp16 files and matches a bare onnxruntime loop token for token with %s',
    async (_label, images) => {
      const info = await runtime.load(dir);
      expect(info.dtype).toBe('fp16');
      const question = 'Describe the findings.';
      const expected = await reference(dir, processor, images, question, 10, '_fp16');
      const result = await runtime.generate({
        question,
        images: images.map(asSource),
        maxNewTokens: 10,
      });
      expect(result.tokenIds).toHaveLength(10);
      expect(result.tokenIds).toEqual(expected);
    },
  );
});
