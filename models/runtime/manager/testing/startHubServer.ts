import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface HubServer {
  /** Pass as the hub base: files are at `{url}/{repo}/resolve/{revision}/{path}`. */
  url: string;
  /** Every request: path and Range header. */
  requests: { path: string; range?: string }[];
  close(): Promise<void>;
}

export interface HubServerOptions {
  /** Repository path, e.g. onnx-community/Qwen2-VL-2B-Instruct. */
  repo: string;
  revision?: string;
  /** Folder whose files the repository holds. */
  root: string;
  /** Files (repository paths) served with one byte changed but the original's SHA-256 as ETag. */
  corrupt?: string[];
  /** Files sent this slowly (bytes per 20 ms tick), so a test can pause in the middle. */
  slow?: { path: string; bytesPerTick: number };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/**
 * A local stand-in for the Hugging Face hub on 127.0.0.1, in its layout:
 * `/{repo}/resolve/{revision}/{path}`. Git LFS files (*.onnx, *.onnx_data)
 * answer with a 302 to a CDN path carrying X-Linked-Etag (their SHA-256)
 * and X-Linked-Size, as the hub does; small files answer directly with a
 * Git SHA-1 ETag. The CDN honours Range and If-Range (RFC 9110 §14).
 */
export async function startHubServer({
  repo,
  revision = 'main',
  root,
  corrupt = [],
  slow,
}: HubServerOptions): Promise<HubServer> {
  const requests: HubServer['requests'] = [];
  const prefix = `/${repo}/resolve/${revision}/`;
  const bodyOf = (rel: string): Buffer | undefined => {
    const file = join(root, rel);
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    return readFileSync(file);
  };
  const served = (rel: string, body: Buffer) => {
    if (!corrupt.includes(rel)) return body;
    const copy = Buffer.from(body);
    copy[copy.length >> 1] = (copy[copy.length >> 1]! + 1) % 256;
    return copy;
  };
  const timers = new Set<ReturnType<typeof setInterval>>();

  function send(
    res: ServerResponse,
    rel: string,
    body: Buffer,
    etag: string,
    range: string | undefined,
    ifRange: string | undefined,
  ) {
    const match = /^bytes=(\d+)-$/.exec(range ?? '');
    let start = 0;
    if (match && (ifRange === undefined || ifRange === etag)) {
      start = Number(match[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'content-length': body.length - start,
        etag,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': body.length, etag, 'accept-ranges': 'bytes' });
    }
    const rest = served(rel, body).subarray(start);
    if (slow?.path !== rel) {
      res.end(rest);
      return;
    }
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) {
        clearInterval(timer);
        timers.delete(timer);
        return;
      }
      res.write(rest.subarray(at, at + slow.bytesPerTick));
      at += slow.bytesPerTick;
      if (at >= rest.length) {
        clearInterval(timer);
        timers.delete(timer);
        res.end();
      }
    }, 20);
    timers.add(timer);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const path = decodeURIComponent(url.pathname);
    requests.push({ path, range: req.headers.range });
    const ifRange =
      typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : undefined;
    if (path.startsWith('/cdn/')) {
      const rel = path.slice('/cdn/'.length);
      const body = bodyOf(rel);
      if (!body) return res.writeHead(404).end();
      send(res, rel, body, `"${sha256(body)}"`, req.headers.range, ifRange);
      return;
    }
    if (!path.startsWith(prefix)) return res.writeHead(404).end('Repository not found');
    const rel = path.slice(prefix.length);
    const body = bodyOf(rel);
    if (!body)
      return res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
    if (/\.onnx(_data)?$/.test(rel)) {
      res.writeHead(302, {
        location: `/cdn/${rel}`,
        'x-linked-etag': `"${sha256(body)}"`,
        'x-linked-size': String(body.length),
        etag: `"${sha1(Buffer.from(`pointer ${rel}`))}"`,
      });
      res.end();
      return;
    }
    send(res, rel, body, `"${sha1(body)}"`, req.headers.range, ifRange);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
