import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerProbabilities } from '../reasoning/answerProbabilities';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { ModelRuntime } from './ModelRuntime';

// Known logits: the scripted token gets 30, the biased letters their bias, every other token 0.
const bias = { A: 28, B: 29.5, D: 27, E: 25.5 };
const softmax = (values: number[]) => {
  const exps = values.map((v) => Math.exp(v - Math.max(...values)));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
};

let root: string;
const runtime = new ModelRuntime();
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-answer-confidence-'));
  await buildFixtureModel(join(root, 'tag'), {
    kind: 'scripted',
    script: {
      rules: [{ image: 'any', text: '<think>The lungs are clear.</think>\n<answer>C</answer>' }],
      logitBias: bias,
    },
  });
  await buildFixtureModel(join(root, 'spaced'), {
    kind: 'scripted',
    // The fixture vocabulary has " B", " C", " D" but not " A": no comparable ids.
    script: { rules: [{ image: 'any', text: 'Answer: C' }], logitBias: bias },
  });
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('answer confidence from the local runtime', () => {
  it('gives the softmax of the option letters’ logits at the token that writes the answer', async () => {
    await runtime.load(join(root, 'tag'));
    const result = await runtime.generate({
      question: 'Which option?',
      answerLetters: 'ABCDE',
      maxNewTokens: 64,
    });
    expect(result.text).toBe('<think>The lungs are clear.</think>\n<answer>C</answer>');
    const at = result.text.indexOf('C</answer>');
    // Every token that writes a lone letter is kept (" c" of " clear" too, before "lear" comes).
    expect(result.letterLogits).toContainEqual({
      start: at,
      end: at + 1,
      logits: { A: 28, B: 29.5, C: 30, D: 27, E: 25.5 },
    });
    const p = answerProbabilities(result.text, result.letterLogits, { letters: 'ABCDE' });
    const expected = softmax([28, 29.5, 30, 27, 25.5]);
    expect(Object.keys(p!)).toEqual(['A', 'B', 'C', 'D', 'E']);
    Object.values(p!).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
    expect(Object.values(p!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('keeps no logits when the request names no answer letters', async () => {
    await runtime.load(join(root, 'tag'));
    const result = await runtime.generate({ question: 'Which option?', maxNewTokens: 64 });
    expect(result.letterLogits).toBeUndefined();
  });

  it('reports none when an option letter with the written leading space is not one token', async () => {
    await runtime.load(join(root, 'spaced'));
    const result = await runtime.generate({
      question: 'Which option?',
      answerLetters: 'ABCDE',
      maxNewTokens: 16,
    });
    expect(result.text).toBe('Answer: C');
    expect(result.letterLogits!.some((s) => s.start === result.text.indexOf(' C'))).toBe(false);
    expect(answerProbabilities(result.text, result.letterLogits)).toBeNull();
    // Over B–D alone every variant exists, and the step is kept with " B", " C", " D".
    const three = await runtime.generate({
      question: 'Which option?',
      answerLetters: 'BCD',
      maxNewTokens: 16,
    });
    const p = answerProbabilities(three.text, three.letterLogits, { letters: 'BCD' });
    const expected = softmax([0, 30, 0]);
    expect(p!.C).toBeCloseTo(expected[1]!, 12);
    expect(p!.B).toBeCloseTo(expected[0]!, 12);
  });
});
