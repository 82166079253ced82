import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectiveSampling } from '../../../electron/common/schemas/generation';
import { buildPrompt } from '../../reasoning/buildPrompt';
import { PERSPECTIVES } from '../../reasoning/perspectives';
import { buildFixtureModel } from '../../tinymodels/buildFixtureModel';
import { patternImage } from '../../tinymodels/testing/prepareImagePrompt';
import type { ChatMessage, ImageSource } from '../protocol';
import { renderChat, tokenizePrompt } from './buildPrompt';
import { decodeForks, sharedPrefixLength } from './decodeForks';
import { greedyDecode, type LogitsRow } from './greedyDecode';
import { loadModel, releaseModel, type LoadedModel } from './loadModel';
import { prepareImages, type PreparedImages } from './prepareImages';
import { ropePositions } from './ropePositions';

const GREEDY_WITH_PENALTY: EffectiveSampling = {
  decoding: 'greedy',
  temperature: 0,
  topP: 1,
  topK: 0,
  repetitionPenalty: 1.5,
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-decode-forks-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const asSource = (image: RawImage): ImageSource => ({
  rgb: { width: image.width, height: image.height, data: new Uint8Array(image.data) },
});

/** The four perspectives' prompts of one question, as the worker tokenizes them. */
async function perspectivePrompts(model: LoadedModel, images: RawImage[]) {
  let prepared: PreparedImages | undefined;
  const prompts: number[][] = [];
  for (const perspective of PERSPECTIVES) {
    const sources = images.map(asSource);
    const messages: ChatMessage[] = buildPrompt({
      specialty: 'adult-medicine',
      perspective,
      question: 'Is there a pulmonary nodule that needs follow-up?',
      options: { A: 'No follow-up', B: 'CT at 6-12 months', C: 'PET-CT' },
      imageCount: images.length,
    }).map((m) => ({
      role: m.role,
      content:
        typeof m.content === 'string'
          ? m.content
          : m.content.map((c, i) =>
              c.type === 'text' ? c : { type: 'image' as const, image: sources[i]! },
            ),
    }));
    const { text, images: shown } = renderChat(model.tokenizer, messages);
    prepared ??= shown.length ? await prepareImages(shown, model.imageProcessor) : undefined;
    prompts.push(
      tokenizePrompt(model.tokenizer, text, prepared?.grids ?? [], model.config.spatialMergeSize),
    );
  }
  return { prompts, prepared };
}

describe('sharedPrefixLength', () => {
  it('is the longest common token prefix, leaving each prompt one token of its own', () => {
    expect(
      sharedPrefixLength([
        [1, 2, 3, 4],
        [1, 2, 3, 5, 6],
      ]),
    ).toBe(3);
    expect(
      sharedPrefixLength([
        [1, 2, 3],
        [1, 2, 3, 4],
      ]),
    ).toBe(2);
    expect(
      sharedPrefixLength([
        [7, 2],
        [1, 2],
      ]),
    ).toBe(0);
    expect(sharedPrefixLength([])).toBe(0);
  });
});

describe.each(['qwen2_5_vl', 'qwen2_vl'] as const)('decodeForks (%s)', (variant) => {
  let model: LoadedModel;
  beforeAll(async () => {
    const dir = join(root, variant);
    await buildFixtureModel(dir, { kind: 'random', seed: 11, variant, layers: 2, hidden: 64 });
    model = await loadModel(dir);
  });
  afterAll(() => releaseModel(model));

  const cases: [string, RawImage[]][] = [
    ['two images', [patternImage(56, 84, 5), patternImage(112, 56, 6)]],
    ['no image', []],
  ];

  it.each(cases)(
    'gives each perspective the tokens of its own greedy run with %s',
    async (_label, images) => {
      const { prompts, prepared } = await perspectivePrompts(model, images);
      const shared = sharedPrefixLength(prompts);
      // The perspectives share the system prompt, the images and the question; only the
      // instruction after it differs.
      const imageTokens = prompts[0]!.filter((id) => id === model.config.imageTokenId).length;
      expect(shared).toBeGreaterThan(imageTokens + 100);
      expect(shared).toBeGreaterThan(0.8 * Math.min(...prompts.map((p) => p.length)));
      expect(prompts[0]!.lastIndexOf(model.config.imageTokenId)).toBeLessThan(shared);
      // ropePositions only looks back: every prompt's positions agree on the shared prefix.
      const ropes = prompts.map((ids) => ropePositions(ids, prepared?.grids ?? [], model.config));
      for (const [i, rope] of ropes.entries()) {
        const length = prompts[i]!.length;
        const reference = ropes[0]!.positions;
        const length0 = prompts[0]!.length;
        for (let axis = 0; axis < 3; axis++)
          expect(rope.positions.subarray(axis * length, axis * length + shared)).toEqual(
            reference.subarray(axis * length0, axis * length0 + shared),
          );
      }

      const maxNewTokens = 40;
      const streamed: number[][] = prompts.map(() => []);
      const forks = await decodeForks(model, prompts, prepared, {
        maxNewTokens,
        onToken: (fork, tokenId, index) => {
          expect(index).toBe(streamed[fork]!.length);
          streamed[fork]!.push(tokenId);
        },
      });
      expect(forks.sharedTokens).toBe(shared);
      for (const [i, ids] of prompts.entries()) {
        const alone = await greedyDecode(model, ids, prepared, { maxNewTokens });
        expect(forks.results[i]!.tokenIds).toEqual(alone.tokenIds);
        expect(forks.results[i]!.finishReason).toBe(alone.finishReason);
        expect(streamed[i]).toEqual(alone.tokenIds);
      }
      // The random fixture makes different perspectives answer differently.
      expect(new Set(forks.results.map((r) => r.tokenIds.join())).size).toBeGreaterThan(1);
      // Every fork had its first token before the first one went on past its first.
      const lastReady = Math.max(...forks.results.map((r) => r.readyAt ?? Infinity));
      expect(lastReady).toBeLessThanOrEqual(forks.results[0]!.decodeStart!);
    },
  );

  it('streams the first fork’s first token before the other forks are prefilled, with the same tokens', async () => {
    const { prompts, prepared } = await perspectivePrompts(model, [patternImage(56, 84, 10)]);
    let firstStreamedAt = NaN;
    const order: string[] = [];
    const forks = await decodeForks(model, prompts, prepared, {
      maxNewTokens: 6,
      onToken: (fork, _tokenId, index) => {
        if (fork === 0 && index === 0) firstStreamedAt = performance.now();
        order.push(`${fork}:${index}`);
      },
    });
    const [first, ...rest] = forks.results;
    expect(first!.readyAt).toBeLessThanOrEqual(firstStreamedAt);
    for (const r of rest) expect(firstStreamedAt).toBeLessThan(r.readyAt!);
    // Its second token waits until every fork is prefilled; the forks still stream in order.
    expect(Math.max(...rest.map((r) => r.readyAt!))).toBeLessThanOrEqual(first!.decodeStart!);
    expect(order).toEqual(prompts.flatMap((_, f) => [0, 1, 2, 3, 4, 5].map((i) => `${f}:${i}`)));
    for (const [i, ids] of prompts.entries())
      expect(forks.results[i]!.tokenIds).toEqual(
        (await greedyDecode(model, ids, prepared, { maxNewTokens: 6 })).tokenIds,
      );
  });

  it('prefills and decodes the other forks when the first ends at its first token', async () => {
    const { prompts, prepared } = await perspectivePrompts(model, [patternImage(84, 56, 12)]);
    const limits = [1, 5, 3, 4];
    const forks = await decodeForks(model, prompts, prepared, { maxNewTokens: limits });
    for (const [i, ids] of prompts.entries()) {
      const alone = await greedyDecode(model, ids, prepared, { maxNewTokens: limits[i]! });
      expect(forks.results[i]!.tokenIds).toEqual(alone.tokenIds);
      expect(forks.results[i]!.tokenIds).toHaveLength(limits[i]!);
    }
  });

  it('stops before the first fork’s second token when asked to stop during the other forks’ prefills', async () => {
    const { prompts, prepared } = await perspectivePrompts(model, [patternImage(56, 56, 13)]);
    let tokens = 0;
    let checksAfterFirst = 0;
    const forks = await decodeForks(model, prompts, prepared, {
      maxNewTokens: 30,
      // True from the third check after the first token: the one before fork 2's prefill.
      shouldStop: () => tokens > 0 && ++checksAfterFirst >= 3,
      onToken: () => tokens++,
    });
    expect(forks.results.map((r) => r.finishReason)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(forks.results.map((r) => r.tokenIds.length)).toEqual([1, 0, 0, 0]);
  });

  it('samples each fork with its own settings, seeded stream and penalty history, as its own run would', async () => {
    const { prompts, prepared } = await perspectivePrompts(model, [patternImage(56, 84, 9)]);
    const sampled = (seed: number): EffectiveSampling => ({
      decoding: 'sampling',
      temperature: 1.5,
      topP: 0.95,
      topK: 0,
      repetitionPenalty: 1.3,
      seed,
    });
    // One fork greedy with a penalty, the others sampled with seeds of their own.
    const sampling = [GREEDY_WITH_PENALTY, sampled(1), sampled(2), sampled(1)];
    const maxNewTokens = 24;
    const forks = await decodeForks(model, prompts, prepared, { maxNewTokens, sampling });
    for (const [i, ids] of prompts.entries()) {
      const alone = await greedyDecode(model, ids, prepared, {
        maxNewTokens,
        sampling: sampling[i],
      });
      expect(forks.results[i]!.tokenIds).toEqual(alone.tokenIds);
    }
    // Sampling changed the text: the sampled forks differ from their greedy runs.
    const greedy = await decodeForks(model, prompts, prepared, { maxNewTokens });
    expect(
      forks.results
        .slice(1)
        .some((r, i) => r.tokenIds.join() !== greedy.results[i + 1]!.tokenIds.join()),
    ).toBe(true);
  });

  it('ends every fork not yet done as cancelled when asked to stop', async () => {
    const { prompts, prepared } = await perspectivePrompts(model, [patternImage(56, 56, 7)]);
    let tokens = 0;
    const forks = await decodeForks(model, prompts, prepared, {
      maxNewTokens: 30,
      shouldStop: () => tokens >= 5,
      onToken: () => tokens++,
    });
    expect(forks.results.map((r) => r.finishReason)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(forks.results.map((r) => r.tokenIds.length)).toEqual([5, 0, 0, 0]);
  });

  it('refuses a prompt whose image tokens the images do not fill', async () => {
    const { prompts, prepared } = await perspectivePrompts(model, [patternImage(56, 56, 8)]);
    const pad = model.config.imageTokenId;
    const broken = prompts.map((ids, i) => (i === 2 ? [...ids.slice(0, -1), pad, pad] : ids));
    await expect(decodeForks(model, broken, prepared, { maxNewTokens: 4 })).rejects.toThrow(
      /ropePositions|image tokens/,
    );
  });
});

describe('decodeForks on an fp16 folder', () => {
  it('gives each perspective the tokens and logits of its own greedy run, its float16 cache forked', async () => {
    const dir = join(root, 'fp16');
    await buildFixtureModel(dir, {
      kind: 'random',
      seed: 14,
      layers: 2,
      hidden: 64,
      dtype: 'fp16',
    });
    const model = await loadModel(dir);
    try {
      expect(model.kvInputs[0]!.type).toBe('float16');
      const { prompts, prepared } = await perspectivePrompts(model, [patternImage(56, 84, 15)]);
      const rowOf = (row: LogitsRow) => Array.from({ length: row.size }, (_, id) => row.at(id));
      const forked: number[][][] = prompts.map(() => []);
      const forks = await decodeForks(model, prompts, prepared, {
        maxNewTokens: 6,
        onLogits: (fork, row) => forked[fork]!.push(rowOf(row)),
      });
      for (const [i, ids] of prompts.entries()) {
        const alone: number[][] = [];
        const own = await greedyDecode(model, ids, prepared, {
          maxNewTokens: 6,
          onLogits: (row) => alone.push(rowOf(row)),
        });
        expect(forks.results[i]!.tokenIds).toEqual(own.tokenIds);
        expect(forked[i]).toEqual(alone);
      }
      // Each fork ran on its own instruction: the first logits differ between forks.
      expect(new Set(forked.map((rows) => rows[0]!.join())).size).toBe(prompts.length);
    } finally {
      await releaseModel(model);
    }
  });
});
