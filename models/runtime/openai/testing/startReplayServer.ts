import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the replay server saw. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the replay server answers one request. */
export type Reply =
  | { status: number; json: unknown }
  /** Server-Sent Events: each `data` payload in order, `[DONE]` only when `done`. */
  | { stream: string[]; done: boolean; delayMs?: number }
  /** Headers, then chunks forever (for cancel and first-token timeouts: `chunks: []`). */
  | { endless: string[]; delayMs: number }
  /** Accepts the connection and never answers. */
  | { hang: true };

export interface ReplayServer {
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** TCP connections accepted so far (a request that was never made opens none). */
  connections: number;
  /** Connections whose client closed them. */
  closedByClient: number;
  /** Most requests answered at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

const sse = (data: string) => `data: ${data}\n\n`;

/**
 * A small OpenAI-compatible test server on 127.0.0.1 that replays recorded
 * chunk streams and records every connection and request. Writes are split
 * in the middle of events, as a real network splits them.
 */
export async function startReplayServer(
  reply: (request: RecordedRequest) => Reply,
): Promise<ReplayServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, closedByClient: 0, inFlight: 0, maxInFlight: 0 };
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function answer(res: ServerResponse, r: Reply): Promise<void> {
    if ('hang' in r) return;
    if ('json' in r) {
      res.writeHead(r.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(r.json));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    if ('endless' in r) {
      for (let i = 0; !res.destroyed; i++) {
        if (r.endless.length) res.write(sse(r.endless[i % r.endless.length]!));
        await later(r.delayMs);
      }
      return;
    }
    const text = r.stream.map(sse).join('') + (r.done ? sse('[DONE]') : '');
    // Split into uneven pieces, so events and even UTF-8 characters straddle writes.
    const bytes = Buffer.from(text);
    for (let at = 0, size = 7; at < bytes.length; at += size, size = ((size * 3) % 23) + 5) {
      res.write(bytes.subarray(at, at + size));
      if (r.delayMs) await later(r.delayMs);
    }
    res.end();
  }

  const server = createServer((req, res) => {
    state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
    res.on('close', () => state.inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      answer(res, reply(recorded)).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      state.closedByClient++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get connections() {
      return state.connections;
    },
    get closedByClient() {
      return state.closedByClient;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A chat.completion.chunk payload with one choice. */
export function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return JSON.stringify({
    id: 'chatcmpl-replay',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'replay',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
}

/** The usage chunk that `stream_options: {include_usage: true}` asks for. */
export function usageChunk(prompt: number, completion: number): string {
  return JSON.stringify({
    id: 'chatcmpl-replay',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'replay',
    choices: [],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  });
}
