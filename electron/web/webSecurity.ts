import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header that API clients other than the browser may use instead of the cookie. */
export const TOKEN_HEADER = 'x-mmx-token';

/**
 * Cookie that carries the per-launch token after the first visit. Cookies
 * ignore ports (RFC 6265 §8.5), so the name carries it: two servers on
 * 127.0.0.1 must neither overwrite nor receive each other's token by name.
 */
export const tokenCookieName = (port: number): string => `mmx_token_${port}`;

/** Headers a request may carry at most once: a second copy is how smuggling and confused checks start. */
const SINGLE_HEADERS = new Set([
  'host',
  'origin',
  'content-length',
  'content-type',
  'transfer-encoding',
  'cookie',
  TOKEN_HEADER,
]);

export interface RequestTarget {
  /** The path as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
}

/**
 * Reads an origin-form request target (RFC 9112 §3.2.1: absolute path and
 * optional query). Everything else is refused: absolute-form (whose
 * authority would override Host, §3.2.2), authority- and asterisk-form, a
 * path starting with `//` or `/\` (browsers read those as another host),
 * and fragments, which a client never sends.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (raw === undefined || !raw.startsWith('/') || /^\/[/\\]/.test(raw) || raw.includes('#'))
    return undefined;
  const mark = raw.indexOf('?');
  return mark < 0
    ? { path: raw, query: new URLSearchParams() }
    : { path: raw.slice(0, mark), query: new URLSearchParams(raw.slice(mark + 1)) };
}

/** The first security-relevant header the request sends more than once, if any. */
export function repeatedHeader(req: IncomingMessage): string | undefined {
  const seen = new Set<string>();
  // rawHeaders keeps every copy; req.headers silently drops or joins them.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Host must name this server exactly: a DNS-rebinding page would send its
 * own host name here (see the Electron/VS Code local-server advisories).
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

/** Where a request's token came from, if it is the right one (header or cookie; never the URL). */
export function tokenSource(
  req: IncomingMessage,
  { token, port }: { token: string; port: number },
): 'cookie' | 'header' | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && sameSecret(header, token)) return 'header';
  const cookie = readCookie(req, tokenCookieName(port));
  if (cookie !== undefined && sameSecret(cookie, token)) return 'cookie';
  return undefined;
}

/** Whether the URL's `?token=` is the right one: accepted on a page load only, to set the cookie. */
export function hasQueryToken(target: RequestTarget, token: string): boolean {
  const query = target.query.get('token');
  return query !== null && sameSecret(query, token);
}
