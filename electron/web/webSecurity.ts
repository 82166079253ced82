import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookie that carries the per-launch token after the first visit. */
export const TOKEN_COOKIE = 'mmx_token';
/** Header that API clients other than the browser may use instead. */
export const TOKEN_HEADER = 'x-mmx-token';

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Host must name this server: a DNS-rebinding page would send its own host
 * name here (see the Electron/VS Code local-server advisories).
 */
export function isAllowedHost(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).has(req.headers.host ?? '');
}

/** Origin, when a browser sends one, must be this server's own. */
export function isAllowedOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return [...allowedHosts(port)].some((host) => origin === `http://${host}`);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where a request's token came from, if it is the right one. */
export function tokenSource(
  req: IncomingMessage,
  url: URL,
  token: string,
): 'cookie' | 'header' | 'query' | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && sameSecret(header, token)) return 'header';
  const cookie = readCookie(req, TOKEN_COOKIE);
  if (cookie !== undefined && sameSecret(cookie, token)) return 'cookie';
  const query = url.searchParams.get('token');
  if (query !== null && sameSecret(query, token)) return 'query';
  return undefined;
}
