import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStreamsCancelled, createTestDispatcher } from '../common/testing/testContract';
import { bytesReplacer } from '../common/jsonBytes';
import { startWebServer, type RunningWebServer } from './server';

let server: RunningWebServer;
let root: string;
const TOKEN = 'test-token-0123456789';
const cookie = () => `mmx_token_${server.port}=${TOKEN}`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so the test controls Host and Origin exactly as an attacker could. */
function send(
  path: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const api = (name: string, payload: unknown, headers: Record<string, string> = {}) =>
  send(`/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mmx-token': TOKEN, ...headers },
    body: JSON.stringify(payload),
  });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-web-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1)');
  await writeFile(join(root, '.mmx-build-stamp.json'), '{"stamp":"not for the browser"}');
  await writeFile(join(tmpdir(), 'mmx-secret.txt'), 'secret');
  server = await startWebServer({
    dispatcher: createTestDispatcher(),
    staticRoot: root,
    token: TOKEN,
    maxBodyBytes: 1024,
  });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('web mode', () => {
  it('listens on the loopback address only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.launchUrl).toBe(`${server.url}?token=${TOKEN}`);
  });

  it('answers 401 to an API call without the token', async () => {
    const reply = await send('/api/call/add', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1,"b":2}',
    });
    expect(reply.status).toBe(401);
  });

  it('answers 401 to a wrong token of the same length', async () => {
    const reply = await api('add', { a: 1, b: 2 }, { 'x-mmx-token': TOKEN.replace('0', '1') });
    expect(reply.status).toBe(401);
  });

  it('answers 403 to a request from a foreign Origin even with the token', async () => {
    const reply = await api('add', { a: 1, b: 2 }, { origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
  });

  it('answers 403 to a Host that is not this server (DNS rebinding)', async () => {
    const reply = await api('add', { a: 1, b: 2 }, { host: `evil.example:${server.port}` });
    expect(reply.status).toBe(403);
  });

  it('runs a call for a request with the token and its own Origin', async () => {
    const reply = await api('add', { a: 20, b: 22 }, { origin: `http://127.0.0.1:${server.port}` });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { sum: 42 } });
  });

  it('turns base64 in the JSON body back into bytes for the handler', async () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const reply = await send('/api/call/sumBytes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mmx-token': TOKEN },
      body: JSON.stringify({ bytes }, bytesReplacer),
    });
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { length: 4, sum: 256 } });
  });

  it('returns a clear error envelope for a malformed payload', async () => {
    const reply = await api('add', { a: 'x' });
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'bad-request', title: 'Invalid add request' },
    });
  });

  it('refuses bodies over the size limit, non-JSON bodies and bad JSON', async () => {
    expect((await api('add', { a: 1, b: 2, pad: 'x'.repeat(2000) })).status).toBe(413);
    const textBody = await send('/api/call/add', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-mmx-token': TOKEN },
      body: 'hi',
    });
    expect(textBody.status).toBe(415);
    const badJson = await send('/api/call/add', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mmx-token': TOKEN },
      body: '{',
    });
    expect(badJson.status).toBe(400);
  });

  it('answers 404 to unknown calls and 405 to GET on the API', async () => {
    expect((await api('dropTables', {})).status).toBe(404);
    expect((await send('/api/call/add', { headers: { 'x-mmx-token': TOKEN } })).status).toBe(405);
  });

  it('sets an HttpOnly SameSite cookie on the first visit and drops the token from the URL', async () => {
    const reply = await send(`/?token=${TOKEN}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    expect(String(reply.headers['set-cookie'])).toBe(
      `mmx_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    );
    const page = await send('/', { headers: { cookie: cookie() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
  });

  it('prints the token in the launch URL once', () => {
    expect(server.launchUrl.split(TOKEN)).toHaveLength(2);
  });

  it('redirects a page load with the token away from it even when the cookie is already set', async () => {
    const reply = await send(`/app.js?token=${TOKEN}`, { headers: { cookie: cookie() } });
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/app.js');
  });

  it('redirects only to a plain path of this server after the first visit', async () => {
    for (const path of ['/%2F%2Fevil.example', '/a%0d%0aSet-Cookie:x=y', '/%5cevil.example']) {
      const reply = await send(`${path}?token=${TOKEN}`);
      expect(reply.status).toBe(303);
      expect(reply.headers.location).toBe('/');
    }
  });

  it('answers 401 to API calls that carry the token only in the URL', async () => {
    const reply = await send(`/api/call/add?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${server.port}` },
      body: '{"a":1,"b":2}',
    });
    expect(reply.status).toBe(401);
    const stream = await send(`/api/stream/count?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"to":1}',
    });
    expect(stream.status).toBe(401);
  });

  it('answers 401 to a page load without the token, and to the cookie of another port', async () => {
    expect((await send('/')).status).toBe(401);
    const other = await send('/', { headers: { cookie: `mmx_token_${server.port + 1}=${TOKEN}` } });
    expect(other.status).toBe(401);
  });

  it("runs an API call with the cookie and this server's Origin, as the page makes it", async () => {
    const reply = await send('/api/call/add', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: cookie(),
        origin: `http://localhost:${server.port}`,
      },
      body: '{"a":2,"b":3}',
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { sum: 5 } });
  });

  it('answers 403 to a cookie-borne API call without Origin (not from our page: CSRF)', async () => {
    const reply = await send('/api/call/add', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie() },
      body: '{"a":2,"b":3}',
    });
    expect(reply.status).toBe(403);
  });

  it('answers 403 to a cross-site form post with the cookie (CSRF), whatever its content type', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/json']) {
      const reply = await send('/api/call/add', {
        method: 'POST',
        headers: { 'content-type': type, cookie: cookie(), origin: 'null' },
        body: '{"a":2,"b":3}',
      });
      expect(reply.status).toBe(403);
    }
  });

  it("serves scripts with the app's CSP, so a Web Worker (the codec worker) runs under it too", async () => {
    const reply = await send('/app.js', { headers: { cookie: cookie() } });
    expect(reply.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(reply.headers['content-security-policy']).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
  });

  it('serves only files of the app folder', async () => {
    const auth = { cookie: cookie() };
    expect((await send('/app.js', { headers: auth })).body).toBe('console.log(1)');
    for (const path of ['/../mmx-secret.txt', '/%2e%2e/mmx-secret.txt', '/..%2fmmx-secret.txt']) {
      const reply = await send(path, { headers: auth });
      expect(reply.body).not.toContain('secret');
    }
  });

  it('does not serve dotfiles of the app folder, such as the build stamp', async () => {
    const auth = { cookie: `mmx_token=${TOKEN}` };
    for (const path of ['/.mmx-build-stamp.json', '/%2emmx-build-stamp.json']) {
      const reply = await send(path, { headers: auth });
      expect(reply.body).not.toContain('stamp');
    }
  });

  it('streams events over SSE and ends with the result envelope', async () => {
    const reply = await send('/api/stream/count', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mmx-token': TOKEN },
      body: JSON.stringify({ to: 3 }),
    });
    expect(reply.headers['content-type']).toMatch(/^text\/event-stream/);
    const messages = reply.body
      .split('\n\n')
      .filter(Boolean)
      .map((block) => JSON.parse(block.replace(/^data: /, '')) as unknown);
    expect(messages).toEqual([
      { type: 'event', event: { n: 1 } },
      { type: 'event', event: { n: 2 } },
      { type: 'event', event: { n: 3 } },
      { type: 'result', envelope: { ok: true, value: { counted: 3, cancelled: false } } },
    ]);
  });

  it('cancels a stream when the client disconnects', async () => {
    const received = await new Promise<number>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        path: '/api/stream/count',
        method: 'POST',
        headers: {
          host: `127.0.0.1:${server.port}`,
          'content-type': 'application/json',
          'x-mmx-token': TOKEN,
        },
      });
      req.on('response', (res) => {
        let events = 0;
        res.on('data', (chunk: Buffer) => {
          events += (chunk.toString().match(/"type":"event"/g) ?? []).length;
          if (events >= 2) {
            req.destroy();
            resolve(events);
          }
        });
      });
      req.on('error', () => undefined);
      req.end(JSON.stringify({ to: 1000, delayMs: 5 }));
    });
    expect(received).toBeGreaterThanOrEqual(2);
    // The handler saw the disconnect as a cancel and stopped early.
    await expect.poll(() => countStreamsCancelled.length).toBe(1);
    expect(countStreamsCancelled[0]).toBeLessThan(1000);
    // The server is still healthy after the aborted stream.
    expect((await api('add', { a: 1, b: 1 })).status).toBe(200);
  });
});
