import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../../tinymodels/buildFixtureModel';
import type { Script } from '../../tinymodels/script';
import { importModel } from '../manager/installedModels';
import { ModelRuntime } from '../ModelRuntime';
import { OpenAiRuntime } from '../openai/OpenAiRuntime';
import { startOpenAiServer, type RunningOpenAiServer } from './startOpenAiServer';

const script: Script = {
  rules: [
    {
      image: 'dark',
      text: '<think>\n1. A dark image [fleischner-2017#solid-nodules]\n</think>\n<answer>(A) dark</answer>',
    },
    { image: 'bright', text: '<think>\n1. A bright image\n</think>\n<answer>(B) bright</answer>' },
    { image: 'any', text: 'No image was given.' },
  ],
};

function pngDataUrl(grey: number): string {
  const image = new PNG({ width: 40, height: 40 });
  image.data.fill(grey);
  for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
  return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
}

const KEY = 'test-key-123';
let root: string;
let modelDir: string;
let runtime: ModelRuntime;
let server: RunningOpenAiServer;
let client: OpenAI;
let modelId: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-oai-'));
  modelDir = join(root, 'scripted-model');
  await buildFixtureModel(modelDir, { kind: 'scripted', script });
  modelId = basename(modelDir);
  runtime = new ModelRuntime();
  server = await startOpenAiServer({
    runtime,
    models: [{ id: modelId, dir: modelDir }],
    apiKey: KEY,
  });
  client = new OpenAI({ baseURL: server.baseUrl, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await server?.close();
  await runtime?.dispose();
  await rm(root, { recursive: true, force: true });
});

const userTurn = (grey: number[], text: string): OpenAI.ChatCompletionMessageParam => ({
  role: 'user',
  content: [
    ...grey.map((g) => ({ type: 'image_url' as const, image_url: { url: pngDataUrl(g) } })),
    { type: 'text' as const, text },
  ],
});

describe('mmx serve --openai, with the official openai client', () => {
  it('lists the served model under the folder name', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual([modelId]);
  });

  it('answers a non-streaming request with one image with the scripted text and its usage', async () => {
    const completion = await client.chat.completions.create({
      model: modelId,
      messages: [userTurn([230], 'What is seen?')],
      max_tokens: 200,
    });
    expect(completion.choices[0]?.message.content).toBe(script.rules[1]!.text);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams an answer about several images chunk by chunk, with usage at the end', async () => {
    const stream = await client.chat.completions.create({
      model: modelId,
      messages: [userTurn([20, 30], 'Compare the images.')],
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        text += choice.delta.content;
        chunks++;
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(script.rules[0]!.text);
    expect(chunks).toBeGreaterThan(1);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('stops at max_tokens and says so', async () => {
    const completion = await client.chat.completions.create({
      model: modelId,
      messages: [userTurn([230], 'What is seen?')],
      max_tokens: 3,
    });
    expect(completion.usage?.completion_tokens).toBe(3);
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('refuses sampling fields out of range with 400 naming the field', async () => {
    await expect(
      client.chat.completions.create({
        model: modelId,
        messages: [userTurn([230], 'What is seen?')],
        max_tokens: 4,
        temperature: 7,
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('temperature') });
  });

  it('refuses a wrong key with 401', async () => {
    const wrong = new OpenAI({ baseURL: server.baseUrl, apiKey: 'wrong', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401 });
    await expect(
      wrong.chat.completions.create({ model: modelId, messages: [userTurn([], 'hi')] }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('answers an unknown model with 404 naming the served ones', async () => {
    await expect(
      client.chat.completions.create({ model: 'nope', messages: [userTurn([], 'hi')] }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining(modelId) });
  });

  it('refuses an image URL it would have to fetch', async () => {
    await expect(
      client.chat.completions.create({
        model: modelId,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'http://127.0.0.1:1/x.png' } }],
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('never fetches') });
  });
});

describe('our server backend against mmx serve --openai', () => {
  it('gets the scripted text back exactly, streamed, with usage', async () => {
    const backend = new OpenAiRuntime({ baseUrl: server.baseUrl, model: modelId, apiKey: KEY });
    const png = Buffer.from(pngDataUrl(230).split(',')[1]!, 'base64');
    let streamed = '';
    const result = await backend.generate(
      { question: 'What is seen?', images: [{ bytes: new Uint8Array(png) }], maxNewTokens: 200 },
      { onEvent: (e) => (streamed += e.type === 'text' ? e.text : '') },
    );
    expect(result.text).toBe(script.rules[1]!.text);
    expect(streamed).toBe(result.text);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    expect(result.model).toBe(modelId);
  });

  it('names the served models when asked for another', async () => {
    const backend = new OpenAiRuntime({ baseUrl: server.baseUrl, model: 'other', apiKey: KEY });
    await expect(backend.generate({ question: 'Q', maxNewTokens: 8 })).rejects.toThrow(
      `has no model 'other': it serves: ${modelId}`,
    );
  });
});

describe('the mmx serve --openai command', () => {
  it('prints its base URL on the first line and a random key, and serves on 127.0.0.1', async () => {
    const child = spawn(
      process.execPath,
      ['models/cli/bin.mjs', 'serve', '--openai', '--model', modelDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const first = (await lines.next()).value as string;
      const second = (await lines.next()).value as string;
      expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const key = /API key.*: (\S+)$/.exec(second)?.[1];
      expect(key).toBeTruthy();
      const cli = new OpenAI({ baseURL: first, apiKey: key, maxRetries: 0 });
      expect((await cli.models.list()).data.map((m) => m.id)).toEqual([modelId]);
      const bad = new OpenAI({ baseURL: first, apiKey: `${key}x`, maxRetries: 0 });
      await expect(bad.models.list()).rejects.toMatchObject({ status: 401 });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serves every installed model under its id, with the key given', async () => {
    const home = join(root, 'home');
    await importModel(modelDir, { home, name: 'Scripted one' });
    const child = spawn(
      process.execPath,
      ['models/cli/bin.mjs', 'serve', '--openai', '--api-key', 'given-key'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MMX_HOME: home },
      },
    );
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const first = (await lines.next()).value as string;
      expect((await lines.next()).value).toBe(
        'Serving scripted-one on this machine only. Ctrl+C stops it.',
      );
      const cli = new OpenAI({ baseURL: first, apiKey: 'given-key', maxRetries: 0 });
      expect((await cli.models.list()).data.map((m) => m.id)).toEqual(['scripted-one']);
      const answer = await cli.chat.completions.create({
        model: 'scripted-one',
        messages: [userTurn([20], 'What is seen?')],
      });
      expect(answer.choices[0]?.message.content).toBe(script.rules[0]!.text);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
