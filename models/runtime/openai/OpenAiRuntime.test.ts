import { createServer } from 'node:net';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/common/appError';
import { parseReasoning } from '../../reasoning/stepParser';
import type { GenerateEvent } from '../protocol';
import { OpenAiRuntime } from './OpenAiRuntime';
import { expectedText, recordedStreams } from './testing/recordedStreams';
import {
  chunk,
  startReplayServer,
  type Reply,
  type ReplayServer,
} from './testing/startReplayServer';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(reply: (path: string) => Reply) {
  server = await startReplayServer((r) => reply(r.path));
  return server;
}

const ask = { question: 'What follow-up?', maxNewTokens: 64 };

function rgbPng(width: number, height: number): { png: Uint8Array; rgb: number[] } {
  const image = new PNG({ width, height });
  const rgb: number[] = [];
  for (let i = 0; i < width * height; i++) {
    const px = [(i * 37) % 256, (i * 11) % 256, (i * 5 + 3) % 256];
    image.data.set([...px, i % 2 ? 255 : 90], i * 4);
    rgb.push(...px);
  }
  return { png: new Uint8Array(PNG.sync.write(image)), rgb };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('OpenAiRuntime', () => {
  for (const [style, stream] of Object.entries(recordedStreams)) {
    it(`folds a ${style} stream into the one text the step parser reads, with usage`, async () => {
      const s = await replay(() => ({ stream, done: true }));
      const runtime = new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' });
      const events: GenerateEvent[] = [];
      const result = await runtime.generate(ask, { onEvent: (e) => events.push(e) });
      expect(result.text).toBe(expectedText);
      expect(events.map((e) => (e.type === 'text' ? e.text : '')).join('')).toBe(expectedText);
      expect(result.usage).toEqual({ promptTokens: 812, completionTokens: 41 });
      expect(result.finishReason).toBe('eos');
      expect(result.model).toBe('m');
      const parsed = parseReasoning(result.text);
      expect(parsed.steps.map((step) => step.index)).toEqual([1, 2]);
      expect(parsed.answer?.letter).toBe('B');
    });
  }

  it('sends one streamed request with usage, max_tokens, the key and a PNG of exactly the given pixels', async () => {
    const s = await replay(() => ({ stream: recordedStreams.inline, done: true }));
    const runtime = new OpenAiRuntime({
      baseUrl: `${s.baseUrl}/`,
      model: 'qwen',
      apiKey: 'sk-secret',
      temperature: 0,
    });
    const { png, rgb } = rgbPng(5, 3);
    const result = await runtime.generate({
      question: 'Q?',
      images: [
        { bytes: new Uint8Array(png) },
        { rgb: { width: 5, height: 3, data: new Uint8Array(rgb) } },
      ],
      maxNewTokens: 77,
    });
    // How each image went (the server's own resize unknown, the sent size stands in), for boxes.
    const seen = { size: [5, 3], modelSize: [5, 3], toSource: [1, 0, 0, 0, 1, 0] };
    expect(result.images).toEqual([seen, seen]);
    expect(s.requests).toHaveLength(1);
    const request = s.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-secret');
    const body = JSON.parse(request.body) as {
      model: string;
      stream: boolean;
      stream_options: unknown;
      max_tokens: number;
      temperature: number;
      top_p?: number;
      messages: {
        role: string;
        content: { type: string; text?: string; image_url?: { url: string } }[];
      }[];
    };
    expect(body).toMatchObject({
      model: 'qwen',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 77,
      temperature: 0,
    });
    expect(body.top_p).toBeUndefined();
    const parts = body.messages[0]!.content;
    expect(parts.map((p) => p.type)).toEqual(['image_url', 'image_url', 'text']);
    for (const part of parts.slice(0, 2)) {
      const url = part.image_url!.url;
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      const decoded = PNG.sync.read(Buffer.from(url.split(',')[1]!, 'base64'));
      const sent: number[] = [];
      for (let i = 0; i < decoded.data.length; i += 4)
        sent.push(decoded.data[i]!, decoded.data[i + 1]!, decoded.data[i + 2]!);
      expect(sent).toEqual(rgb);
    }
  });

  it('sends the sampling settings (top_k and repetition_penalty as vLLM extras) and the pixel bounds, and reports them', async () => {
    const s = await replay(() => ({ stream: recordedStreams.inline, done: true }));
    const runtime = new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'qwen', temperature: 0.2 });
    const result = await runtime.generate({
      question: 'Q?',
      maxNewTokens: 9,
      sampling: { temperature: 0.7, topP: 0.8, topK: 0, repetitionPenalty: 1.05, seed: 12 },
      imagePixels: { detail: 'low', minPixels: 3136 },
    });
    const body = JSON.parse(s.requests[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      temperature: 0.7,
      top_p: 0.8,
      top_k: -1,
      repetition_penalty: 1.05,
      seed: 12,
      mm_processor_kwargs: { min_pixels: 3136, max_pixels: 256 * 28 * 28 },
    });
    expect(result.sampling).toEqual({
      decoding: 'sampling',
      temperature: 0.7,
      topP: 0.8,
      topK: 0,
      repetitionPenalty: 1.05,
      seed: 12,
    });
    await runtime.generate({ question: 'Q?', maxNewTokens: 9 });
    const plain = JSON.parse(s.requests[1]!.body) as Record<string, unknown>;
    expect(plain.temperature).toBe(0.2);
    for (const key of ['top_p', 'top_k', 'repetition_penalty', 'seed', 'mm_processor_kwargs'])
      expect(plain[key]).toBeUndefined();
  });

  it('asks for the routed specialty’s expert and falls back to the default model', async () => {
    const s = await replay(() => ({ stream: recordedStreams.inline, done: true }));
    const runtime = new OpenAiRuntime({
      baseUrl: s.baseUrl,
      model: 'merged',
      experts: { pediatrics: 'peds' },
    });
    const peds = await runtime.generate(ask, { specialty: 'pediatrics' });
    const adult = await runtime.generate(ask, { specialty: 'adult-medicine' });
    expect(s.requests.map((r) => (JSON.parse(r.body) as { model: string }).model)).toEqual([
      'peds',
      'merged',
    ]);
    expect([peds.model, adult.model]).toEqual(['peds', 'merged']);
  });

  it('cancels by aborting the HTTP request within one chunk', async () => {
    const s = await replay(() => ({ endless: [chunk({ content: 'more ' })], delayMs: 20 }));
    const runtime = new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' });
    const controller = new AbortController();
    let texts = 0;
    let afterAbort = 0;
    const result = await runtime.generate(ask, {
      signal: controller.signal,
      onEvent: () => {
        if (controller.signal.aborted) afterAbort++;
        if (++texts === 3) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.finishReason).toBe('cancelled');
    expect(result.text).toBe('more more more ');
    expect(afterAbort).toBe(0);
    await expect.poll(() => s.closedByClient).toBe(1);
  });

  it('says so in one line when the stream ends without [DONE]', async () => {
    const s = await replay(() => ({ stream: recordedStreams.inline.slice(0, 4), done: false }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }).generate(ask),
    );
    expect(error.code).toBe('server-stream-broken');
    expect(error.message).toBe(
      `The model server 127.0.0.1:${s.port} broke off its answer: the stream ended before [DONE]; the answer may be cut off`,
    );
  });

  it('reports an error sent in the middle of the stream', async () => {
    const s = await replay(() => ({
      stream: [
        ...recordedStreams.inline.slice(0, 3),
        JSON.stringify({
          error: { message: 'CUDA out of memory', type: 'InternalServerError', code: 500 },
        }),
      ],
      done: true,
    }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }).generate(ask),
    );
    expect(error.message).toBe(
      `The model server 127.0.0.1:${s.port} failed mid-answer: CUDA out of memory`,
    );
  });

  it('names a refused connection', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const error = await failure(
      new OpenAiRuntime({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }).generate(ask),
    );
    expect(error.message).toBe(
      `Cannot connect to the model server 127.0.0.1:${port} (connection refused)`,
    );
  });

  it('names a refused key and never repeats it', async () => {
    const s = await replay(() => ({
      status: 401,
      json: { error: { message: 'Invalid API key sk-secret-1', type: 'authentication_error' } },
    }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm', apiKey: 'sk-secret-1' }).generate(ask),
    );
    expect(error.message).toBe(
      `The model server 127.0.0.1:${s.port} refused the API key (401): Invalid API key ***`,
    );
    expect(JSON.stringify(error.toData())).not.toContain('sk-secret-1');
  });

  it('lists the server’s models when it does not know the one asked for', async () => {
    const s = await replay((path) =>
      path === '/v1/models'
        ? { status: 200, json: { object: 'list', data: [{ id: 'qwen2.5-vl-7b' }, { id: 'peds' }] } }
        : { status: 404, json: { error: { message: 'The model `m` does not exist.', code: 404 } } },
    );
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }).generate(ask),
    );
    expect(error.message).toBe(
      `The model server 127.0.0.1:${s.port} has no model 'm': it serves: qwen2.5-vl-7b, peds`,
    );
  });

  it('says when the question and images do not fit the context', async () => {
    const s = await replay(() => ({
      status: 400,
      json: {
        object: 'error',
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 9000 tokens.",
        code: 400,
      },
    }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }).generate(ask),
    );
    expect(error.code).toBe('server-context-too-long');
    expect(error.message).toMatch(
      /^The question and images are too long for the model's context on 127\.0\.0\.1:\d+: This model's maximum context length is 4096/,
    );
  });

  it('names a server failure with its status', async () => {
    const s = await replay(() => ({ status: 503, json: { error: 'Service Unavailable' } }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }).generate(ask),
    );
    expect(error.message).toBe(
      `The model server 127.0.0.1:${s.port} failed (HTTP 503): Service Unavailable`,
    );
  });

  it('gives up when the server does not answer in time', async () => {
    const s = await replay(() => ({ hang: true }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }, { connectTimeoutMs: 200 }).generate(
        ask,
      ),
    );
    expect(error.message).toBe(`The model server 127.0.0.1:${s.port} did not answer within 200 ms`);
  });

  it('gives up when no text arrives in time after the headers', async () => {
    const s = await replay(() => ({ endless: [], delayMs: 50 }));
    const error = await failure(
      new OpenAiRuntime({ baseUrl: s.baseUrl, model: 'm' }, { firstTokenTimeoutMs: 1500 }).generate(
        ask,
      ),
    );
    expect(error.message).toBe(`The model server 127.0.0.1:${s.port} sent no text within 2 s`);
  });
});
