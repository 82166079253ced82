import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerProbabilities } from '../../reasoning/answerProbabilities';
import { buildFixtureModel } from '../../tinymodels/buildFixtureModel';
import { fixtureTokenizer } from '../../tinymodels/tokenizer/qwenTokenizer';
import { ModelRuntime } from '../ModelRuntime';
import { OpenAiRuntime } from '../openai/OpenAiRuntime';
import { startOpenAiServer, type RunningOpenAiServer } from './startOpenAiServer';

// Known logits at every step: 30 for the scripted token, these biases, 0 for the rest.
const bias = { A: 28, C: 29, D: 27 };
const TEXT = '<answer>(B) bright</answer>';
const KEY = 'test-key-logprobs';
let root: string;
let runtime: ModelRuntime;
let server: RunningOpenAiServer;
let client: OpenAI;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-oai-logprobs-'));
  const dir = join(root, 'model');
  await buildFixtureModel(dir, {
    kind: 'scripted',
    script: { rules: [{ image: 'any', text: TEXT }], logitBias: bias },
  });
  runtime = new ModelRuntime();
  server = await startOpenAiServer({ runtime, models: [{ id: 'm', dir }], apiKey: KEY });
  client = new OpenAI({ baseURL: server.baseUrl, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await server?.close();
  await runtime?.dispose();
  await rm(root, { recursive: true, force: true });
});

// log Z over the whole vocabulary: one token at 30, the three biased ones, the rest at 0.
const vocab = fixtureTokenizer().vocabSize;
const logZ = Math.log(
  Math.exp(30) + Math.exp(28) + Math.exp(29) + Math.exp(27) + (vocab - 4) * Math.exp(0),
);

describe('mmx serve --openai logprobs', () => {
  it('gives the official client each token’s log-probability and the top alternatives', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Which?' }],
      logprobs: true,
      top_logprobs: 3,
    });
    const choice = completion.choices[0]!;
    expect(choice.message.content).toBe(TEXT);
    const content = choice.logprobs!.content!;
    expect(content.map((t) => t.token).join('')).toBe(TEXT);
    const b = content.find((t) => t.token === 'B')!;
    expect(b.logprob).toBeCloseTo(30 - logZ, 5);
    expect(b.top_logprobs.map((t) => t.token)).toEqual(['B', 'C', 'A']);
    expect(b.top_logprobs[1]!.logprob).toBeCloseTo(29 - logZ, 5);
    expect(b.bytes).toEqual([66]);
  });

  it('streams logprobs with each chunk, and none when not asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Which?' }],
      stream: true,
      logprobs: true,
      top_logprobs: 2,
    });
    const tokens: string[] = [];
    for await (const chunk of stream)
      for (const t of chunk.choices[0]?.logprobs?.content ?? []) tokens.push(t.token);
    expect(tokens.join('')).toBe(TEXT);
    const plain = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Which?' }],
    });
    expect(plain.choices[0]!.logprobs).toBeNull();
  });

  it('gives OpenAiRuntime the same answer probabilities the local runtime reads', async () => {
    const remote = new OpenAiRuntime({ baseUrl: server.baseUrl, model: 'm', apiKey: KEY });
    const result = await remote.generate({
      question: 'Which?',
      answerLetters: 'ABCD',
      maxNewTokens: 32,
    });
    const p = answerProbabilities(result.text, result.letterLogits, { letters: 'ABCD' })!;
    const weights = [28, 30, 29, 27].map((v) => Math.exp(v - 30));
    const total = weights.reduce((a, b) => a + b, 0);
    ['A', 'B', 'C', 'D'].forEach((l, i) => expect(p[l]).toBeCloseTo(weights[i]! / total, 5));
  });
});
