import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { AppDispatcher } from '../backend/createHandlers';
import { readStatic, resolveStaticFile } from './staticFiles';
import { APP_CSP } from '../common/csp';
import { bytesReviver } from '../common/jsonBytes';
import {
  hasQueryToken,
  isAllowedHost,
  isAllowedOrigin,
  parseRequestTarget,
  repeatedHeader,
  tokenCookieName,
  tokenSource,
  type RequestTarget,
} from './webSecurity';

export interface WebServerOptions {
  dispatcher: AppDispatcher;
  /** Folder of the built renderer (vite build output). */
  staticRoot: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface RunningWebServer {
  url: string;
  /** URL with the token, to open in a browser once. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

// An ask with MAX_ASK_IMAGES images at MODEL_MAX_PIXELS: 6 × 3 MiB of RGB, ~24 MiB as base64.
const DEFAULT_MAX_BODY = 48 * 1024 * 1024;
/** Node's default, stated: larger header blocks get 431 from the parser. */
const MAX_HEADER_BYTES = 16 * 1024;
/** A path the first-visit redirect may send the browser back to (anything else goes to `/`). */
const PLAIN_PATH = /^\/[A-Za-z0-9._~/-]*$/;
const API_CALL = /^\/api\/call\/([A-Za-z][A-Za-z0-9]*)$/;
const API_STREAM = /^\/api\/stream\/([A-Za-z][A-Za-z0-9]*)$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function commonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: `http-${status}`, title: message } });
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    throw new HttpError(415, 'Request body must be application/json');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpError(413, `Request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `Request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    // Image pixels arrive as {"$base64"} (JSON has no bytes); Electron IPC sends them as they are.
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}', bytesReviver);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/**
 * Web mode: the app and its API on 127.0.0.1 only. Every request needs a
 * well-formed origin-form target, one Host naming this server exactly,
 * this server's Origin when one is sent, and the per-launch token: from
 * the URL only on the first page load (which turns it into a cookie and
 * redirects it out of the address bar), from the cookie or the
 * x-mmx-token header after that.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const root = resolve(options.staticRoot);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let port = 0;

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'API calls use POST');
    const call = API_CALL.exec(path);
    if (call) {
      const name = call[1]!;
      if (!options.dispatcher.isCall(name)) throw new HttpError(404, `Unknown call '${name}'`);
      const payload = await readJsonBody(req, maxBody);
      sendJson(res, 200, await options.dispatcher.call(name, payload, { mode: 'web' }));
      return;
    }
    const stream = API_STREAM.exec(path);
    if (stream) {
      const name = stream[1]!;
      if (!options.dispatcher.isStream(name)) throw new HttpError(404, `Unknown stream '${name}'`);
      const payload = await readJsonBody(req, maxBody);
      const controller = new AbortController();
      // The browser aborting its fetch closes the socket: that is "cancel".
      res.on('close', () => controller.abort());
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'X-Accel-Buffering': 'no',
      });
      const send = (message: unknown) => {
        if (!res.writableEnded) res.write(`data: ${JSON.stringify(message)}\n\n`);
      };
      const envelope = await options.dispatcher.stream(
        name,
        payload,
        (event) => send({ type: 'event', event }),
        controller.signal,
        { mode: 'web' },
      );
      send({ type: 'result', envelope });
      res.end();
      return;
    }
    throw new HttpError(404, 'No such API');
  }

  async function handleStatic(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'Only GET for app files');
    const file =
      (await resolveStaticFile(root, target.path)) ??
      (await resolveStaticFile(root, '/index.html'));
    if (!file) throw new HttpError(503, 'The app is not built; run `npm run build:renderer`');
    const { body, type } = await readStatic(file);
    // A worker takes its CSP from its own script's response, not from the page (CSP 3,
    // "initialize a worker's policy"): scripts carry the policy too, as over app:// in Electron.
    if (type.startsWith('text/html') || type.includes('javascript'))
      res.setHeader('Content-Security-Policy', APP_CSP);
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** First visit: keep the token in an HttpOnly cookie and send the browser to the URL without it. */
  function acceptLaunchUrl(res: ServerResponse, target: RequestTarget): void {
    res.setHeader(
      'Set-Cookie',
      `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    );
    res.writeHead(303, { Location: PLAIN_PATH.test(target.path) ? target.path : '/' });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    commonHeaders(res);
    // Every check runs before anything else reads the request, and none of
    // them throws on hostile input: a malformed request gets 400, never a crash.
    const target = parseRequestTarget(req.url);
    if (!target) throw new HttpError(400, 'Malformed request target');
    const repeated = repeatedHeader(req);
    if (repeated) throw new HttpError(400, `The ${repeated} header must be sent once`);
    if (!req.headers.host) throw new HttpError(400, 'The Host header is missing');
    if (!isAllowedHost(req, port)) throw new HttpError(403, 'Host not allowed');
    if (!isAllowedOrigin(req, port)) throw new HttpError(403, 'Origin not allowed');
    const api = target.path.startsWith('/api/');
    const pageLoad = !api && (req.method === 'GET' || req.method === 'HEAD');
    if (pageLoad && hasQueryToken(target, token)) {
      acceptLaunchUrl(res, target);
      return;
    }
    const via = tokenSource(req, { token, port });
    if (!via)
      throw new HttpError(401, 'Missing or wrong token: open the URL that `npm start` printed');
    if (!api) {
      await handleStatic(req, res, target);
      return;
    }
    // Fetch sends Origin with every POST (Fetch standard, "append a request
    // Origin header"): a cookie-borne call without one did not come from our page.
    if (via === 'cookie' && req.headers.origin === undefined)
      throw new HttpError(403, 'API calls with the cookie need an Origin header');
    await handleApi(req, res, target.path);
  }

  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError) sendError(res, error.status, error.message);
      else sendError(res, 500, 'Internal error');
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: `${url}?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
