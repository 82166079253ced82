import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../electron/common/appError';
import type { InferenceRuntime } from '../InferenceRuntime';
import type { GenerateResult, TokenLogprob } from '../protocol';
import {
  BadChatRequest,
  chatRequestSchema,
  generationOf,
  toChatMessages,
  type ChatRequest,
} from './chatRequestSchema';

export interface ServedModel {
  /** The name clients pass as `model`. */
  id: string;
  /** The model folder the runtime loads. */
  dir: string;
}

export interface OpenAiServerOptions {
  runtime: InferenceRuntime;
  models: ServedModel[];
  /** Bearer key every request must carry. */
  apiKey: string;
  /** 0 picks a free port. */
  port?: number;
  maxBodyBytes?: number;
}

export interface RunningOpenAiServer {
  /** http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Eight PNGs of a few MP each as base64 JSON. */
const DEFAULT_MAX_BODY = 96 * 1024 * 1024;

/** An error in OpenAI's shape ({error:{message,type,param,code}}), which its clients read. */
function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string | null = null,
): void {
  const type =
    status === 401
      ? 'authentication_error'
      : status >= 500
        ? 'server_error'
        : 'invalid_request_error';
  sendJson(res, status, { error: { message, type, param: null, code } });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares digests so the time taken says nothing about the key. */
function authorized(req: IncomingMessage, apiKey: string): boolean {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(apiKey));
}

/** One entry of OpenAI's `logprobs.content`: the token as text, its UTF-8 bytes, its log-probability. */
const logprobEntry = (token: string, logprob: number) => ({
  token,
  logprob,
  bytes: [...Buffer.from(token, 'utf8')],
});

const finishReason = (r: GenerateResult) => (r.finishReason === 'length' ? 'length' : 'stop');
const usageOf = (r: GenerateResult) => ({
  prompt_tokens: r.usage.promptTokens,
  completion_tokens: r.usage.completionTokens,
  total_tokens: r.usage.promptTokens + r.usage.completionTokens,
});

/**
 * The local runtime as an OpenAI-compatible API on 127.0.0.1 only:
 * `GET /v1/models`, `POST /v1/chat/completions` (streamed as Server-Sent
 * Events or whole), images as data URLs, Bearer key required. Requests run
 * one after another on the one runtime; a client that disconnects cancels
 * its generation.
 */
export async function startOpenAiServer({
  runtime,
  models,
  apiKey,
  port = 0,
  maxBodyBytes = DEFAULT_MAX_BODY,
}: OpenAiServerOptions): Promise<RunningOpenAiServer> {
  const created = Math.floor(Date.now() / 1000);
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req, maxBodyBytes);
    if (raw === undefined) return sendError(res, 413, `request body over ${maxBodyBytes} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'the body is not JSON');
    }
    const parsed = chatRequestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(
        res,
        400,
        `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const request: ChatRequest = parsed.data;
    const model = models.find((m) => m.id === request.model);
    if (!model) {
      return sendError(
        res,
        404,
        `The model '${request.model}' does not exist; this server serves: ${models.map((m) => m.id).join(', ')}`,
        'model_not_found',
      );
    }
    let messages;
    try {
      messages = toChatMessages(request);
    } catch (error) {
      if (error instanceof BadChatRequest) return sendError(res, 400, error.message);
      throw error;
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const maxNewTokens = request.max_completion_tokens ?? request.max_tokens ?? 512;
    const stream = request.stream === true;
    // logprobs: each streamed piece of text is one token (or a few when a UTF-8 character spans
    // tokens), reported with the log-probability of the token that completed it.
    const topLogprobs = request.logprobs === true ? (request.top_logprobs ?? 0) : undefined;
    const logprobs: ReturnType<typeof logprobEntry>[] = [];
    let pending: TokenLogprob | undefined;
    const entryFor = (text: string) => {
      if (!pending) return undefined;
      const entry = {
        ...logprobEntry(text, pending.logprob),
        top_logprobs: pending.top.map((t) => logprobEntry(t.token, t.logprob)),
      };
      pending = undefined;
      logprobs.push(entry);
      return entry;
    };
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: model.id, choices, ...extra })}\n\n`;
    if (stream) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(
        chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
      );
    }
    let result: GenerateResult;
    try {
      result = await serially(async () => {
        controller.signal.throwIfAborted();
        await runtime.load(model.dir, { signal: controller.signal });
        return runtime.generate(
          {
            messages,
            maxNewTokens,
            ...generationOf(request),
            ...(topLogprobs !== undefined && { topLogprobs }),
          },
          {
            signal: controller.signal,
            onEvent: (event) => {
              if (event.type === 'token') pending = event.logprob;
              if (event.type !== 'text') return;
              const entry = topLogprobs === undefined ? undefined : entryFor(event.text);
              if (stream)
                res.write(
                  chunk([
                    {
                      index: 0,
                      delta: { content: event.text },
                      logprobs: entry ? { content: [entry] } : null,
                      finish_reason: null,
                    },
                  ]),
                );
            },
          },
        );
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      const message =
        AppError.from(error, 'The model could not answer').message.split('\n')[0] ?? '';
      const bad =
        error instanceof AppError && (error.code === 'bad-image' || error.code === 'bad-request');
      if (!stream) return sendError(res, bad ? 400 : 500, message);
      res.write(
        `data: ${JSON.stringify({ error: { message, type: bad ? 'invalid_request_error' : 'server_error', code: null } })}\n\n`,
      );
      res.end();
      return;
    }
    if (controller.signal.aborted) return;
    if (!stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: model.id,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: result.text },
            finish_reason: finishReason(result),
            logprobs: topLogprobs === undefined ? null : { content: logprobs },
          },
        ],
        usage: usageOf(result),
      });
      return;
    }
    res.write(chunk([{ index: 0, delta: {}, finish_reason: finishReason(result) }]));
    if (request.stream_options?.include_usage) res.write(chunk([], { usage: usageOf(result) }));
    res.end('data: [DONE]\n\n');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (!authorized(req, apiKey)) {
      return sendError(
        res,
        401,
        'Incorrect API key provided. Pass the key this server printed as a Bearer token.',
        'invalid_api_key',
      );
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: models.map((m) => ({ id: m.id, object: 'model', created, owned_by: 'mmx' })),
      });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
    return sendError(res, 404, `no route ${req.method ?? ''} ${path}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.end();
      else sendError(res, 500, AppError.from(error).message.split('\n')[0] ?? 'internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the local runtime is never offered to the network.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${actual}/v1`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
