import { afterEach, describe, expect, it } from 'vitest';
import { answerProbabilities } from '../../reasoning/answerProbabilities';
import { OpenAiRuntime } from './OpenAiRuntime';
import { startReplayServer, usageChunk, type ReplayServer } from './testing/startReplayServer';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A content chunk whose logprobs name each token, with top alternatives for some. */
function tokenChunk(tokens: [token: string, logprob: number, top?: [string, number][]][]) {
  return JSON.stringify({
    id: 'chatcmpl-replay',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'replay',
    choices: [
      {
        index: 0,
        delta: { content: tokens.map((t) => t[0]).join('') },
        logprobs: {
          content: tokens.map(([token, logprob, top = []]) => ({
            token,
            logprob,
            bytes: [...Buffer.from(token)],
            top_logprobs: [[token, logprob], ...top].map(([t, l]) => ({ token: t, logprob: l })),
          })),
        },
        finish_reason: null,
      },
    ],
  });
}

const answerStream = [
  tokenChunk([['<think>', -0.1]]),
  tokenChunk([
    ['A', -2, [['B', -3]]],
    [' or', -0.5],
    [' B', -1],
  ]),
  tokenChunk([['?</think>', -0.2]]),
  tokenChunk([['Answer:', -0.01]]),
  tokenChunk([
    [
      ' B',
      Math.log(0.6),
      [
        [' A', Math.log(0.2)],
        [' C', Math.log(0.1)],
        ['B', Math.log(0.05)],
      ],
    ],
  ]),
  usageChunk(10, 7),
];
/** The same chunk as a server that knows no logprobs sends it. */
function withoutLogprobs(data: string): string {
  const chunk = JSON.parse(data) as { choices: Record<string, unknown>[] };
  for (const choice of chunk.choices) delete choice.logprobs;
  return JSON.stringify(chunk);
}
const bodyOf = (s: ReplayServer, i: number) =>
  JSON.parse(s.requests[i]!.body) as Record<string, unknown>;

describe('answer confidence from an OpenAI-compatible server', () => {
  it('asks for logprobs on a multiple-choice question and normalises the written variant’s alternatives', async () => {
    server = await startReplayServer(() => ({ stream: answerStream, done: true }));
    const runtime = new OpenAiRuntime({ baseUrl: server.baseUrl, model: 'm' });
    const result = await runtime.generate({
      question: 'Which?',
      answerLetters: 'ABCD',
      maxNewTokens: 16,
    });
    expect(result.text).toBe('<think>A or B?</think>Answer: B');
    expect(bodyOf(server, 0)).toMatchObject({ logprobs: true, top_logprobs: 20 });
    // " B" counts against " A", " C" (listed) and " D" (not listed: 0), never the bare "B".
    const p = answerProbabilities(result.text, result.letterLogits, { letters: 'ABCD' });
    expect(p!.A).toBeCloseTo(0.2 / 0.9, 12);
    expect(p!.B).toBeCloseTo(0.6 / 0.9, 12);
    expect(p!.C).toBeCloseTo(0.1 / 0.9, 12);
    expect(p!.D).toBe(0);
  });

  it('does not ask for logprobs without answer letters', async () => {
    server = await startReplayServer(() => ({ stream: answerStream, done: true }));
    const runtime = new OpenAiRuntime({ baseUrl: server.baseUrl, model: 'm' });
    const result = await runtime.generate({ question: 'Which?', maxNewTokens: 16 });
    expect(bodyOf(server, 0)).not.toHaveProperty('logprobs');
    expect(bodyOf(server, 0)).not.toHaveProperty('top_logprobs');
    expect(result.letterLogits).toBeUndefined();
  });

  it('asks again without logprobs when a server refuses them, and no more after that', async () => {
    server = await startReplayServer((r) =>
      r.body.includes('"logprobs"')
        ? { status: 400, json: { error: { message: 'Unrecognized request argument: logprobs' } } }
        : {
            stream: answerStream.map(withoutLogprobs),
            done: true,
          },
    );
    const runtime = new OpenAiRuntime({ baseUrl: server.baseUrl, model: 'm' });
    const ask = { question: 'Which?', answerLetters: 'ABCD', maxNewTokens: 16 };
    const first = await runtime.generate(ask);
    expect(first.text).toBe('<think>A or B?</think>Answer: B');
    expect(first.letterLogits).toEqual([]);
    expect(answerProbabilities(first.text, first.letterLogits, { letters: 'ABCD' })).toBeNull();
    await runtime.generate(ask);
    expect(server.requests.map((r) => r.body.includes('"logprobs"'))).toEqual([true, false, false]);
  });
});
