import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDispatcher } from '../common/testing/testContract';
import { startWebServer, type RunningWebServer } from './server';
import { rawRequest } from './testing/rawHttp';

// An attacker's view of the 127.0.0.1 server: raw bytes on a socket, no
// client library to tidy them up. Every hostile request gets a 4xx, and the
// server still answers a good request afterwards.

let server: RunningWebServer;
let root: string;
let outside: string;
const TOKEN = 'hostile-token-0123456789';

beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'mmx-hostile-'));
  // The app folder sits next to the file a traversal would aim for.
  root = join(outside, 'app');
  await writeFile(join(outside, 'secret.txt'), 'TOP-SECRET');
  await mkdir(root);
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  server = await startWebServer({
    dispatcher: createTestDispatcher(),
    staticRoot: root,
    token: TOKEN,
    maxBodyBytes: 1024,
  });
});

afterAll(async () => {
  await server.close();
  await rm(outside, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${server.port}`;
const fill = (line: string) => line.replace('PORT', String(server.port));

/** A request with the given first line and extra header lines, closing the connection after. */
const requestText = (line: string, headers: string[] = [`Host: ${host()}`], body = '') =>
  `${line}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n${body}`;

const addCall = (headers: string[]) => {
  const body = '{"a":1,"b":2}';
  return requestText(
    'POST /api/call/add HTTP/1.1',
    [...headers, 'Content-Type: application/json', `Content-Length: ${body.length}`],
    body,
  );
};

async function expectStillUp(): Promise<void> {
  const reply = await rawRequest(
    server.port,
    addCall([`Host: ${host()}`, `X-Mmx-Token: ${TOKEN}`]),
  );
  expect(reply.status).toBe(200);
  expect(reply.text).toContain('"sum":3');
}

describe('web mode under hostile requests', () => {
  it.each([
    ['GET //[ HTTP/1.1'],
    ['GET http://[ HTTP/1.1'],
    ['GET //a:99999 HTTP/1.1'],
    ['GET http://evil.example/ HTTP/1.1'],
    ['POST http://127.0.0.1/api/call/add HTTP/1.1'],
    ['GET //evil.example/ HTTP/1.1'],
    ['GET /\\evil.example/ HTTP/1.1'],
    ['OPTIONS * HTTP/1.1'],
    ['GET /#fragment HTTP/1.1'],
  ])('answers 400 to the malformed request line %s, with no token, and stays up', async (line) => {
    const reply = await rawRequest(server.port, requestText(line));
    expect(reply.status).toBe(400);
    await expectStillUp();
  });

  it('answers 400 to an absolute-form target even when it carries the token', async () => {
    const reply = await rawRequest(
      server.port,
      requestText(`GET http://${host()}/?token=${TOKEN} HTTP/1.1`),
    );
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain('Set-Cookie');
  });

  it('closes a CONNECT request without a tunnel and stays up', async () => {
    const reply = await rawRequest(server.port, requestText(`CONNECT ${host()} HTTP/1.1`));
    expect(reply.status === 0 || reply.status >= 400).toBe(true);
    await expectStillUp();
  });

  it('refuses a WebSocket upgrade (there is none) and stays up', async () => {
    const reply = await rawRequest(
      server.port,
      `GET /api/call/add HTTP/1.1\r\nHost: ${host()}\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
    );
    expect(reply.status === 0 || reply.status >= 400).toBe(true);
    expect(reply.text).not.toContain('101 Switching');
    await expectStillUp();
  });

  it('answers 400 to a request with two Host headers, even with the token', async () => {
    const reply = await rawRequest(
      server.port,
      addCall([`Host: ${host()}`, 'Host: evil.example', `X-Mmx-Token: ${TOKEN}`]),
    );
    expect(reply.status).toBe(400);
    const swapped = await rawRequest(
      server.port,
      addCall(['Host: evil.example', `host: ${host()}`, `X-Mmx-Token: ${TOKEN}`]),
    );
    expect(swapped.status).toBe(400);
  });

  it.each([
    ['Origin', `Origin: http://127.0.0.1:PORT`],
    ['Content-Type', 'Content-Type: application/json'],
    ['Content-Length', 'Content-Length: 13'],
    ['X-Mmx-Token', `X-Mmx-Token: ${TOKEN}`],
    ['Cookie', 'Cookie: a=b'],
  ])('answers 400 to a request that sends %s twice', async (_name, line) => {
    const reply = await rawRequest(
      server.port,
      addCall([`Host: ${host()}`, `X-Mmx-Token: ${TOKEN}`, line, line].map(fill)),
    );
    expect(reply.status).toBe(400);
    await expectStillUp();
  });

  it('answers 400 to a request without Host (HTTP/1.0 and HTTP/1.1)', async () => {
    for (const version of ['1.0', '1.1']) {
      const reply = await rawRequest(server.port, requestText(`GET / HTTP/${version}`, []));
      expect(reply.status).toBe(400);
    }
    await expectStillUp();
  });

  it.each([
    '127.0.0.1',
    'localhost',
    'LOCALHOST:PORT',
    'localhost.:PORT',
    '127.0.0.1:PORT.',
    '127.0.0.1:PORT@evil.example',
    'evil.example:PORT',
    '127.0.0.2:PORT',
    '0x7f.1:PORT',
    '[::1]:PORT',
    '127.0.0.1:PORT, evil.example',
    '127.0.0.1:1',
  ])('answers 403 to the Host %s (DNS rebinding), even with the token', async (value) => {
    const reply = await rawRequest(
      server.port,
      addCall([`Host: ${value.replace('PORT', String(server.port))}`, `X-Mmx-Token: ${TOKEN}`]),
    );
    expect(reply.status).toBe(403);
  });

  it('reads header names in any case', async () => {
    const reply = await rawRequest(
      server.port,
      addCall([`HOST: ${host()}`, `x-MMX-token: ${TOKEN}`]),
    );
    expect(reply.status).toBe(200);
  });

  it('answers 431 to an oversized header block and stays up', async () => {
    const reply = await rawRequest(
      server.port,
      requestText('GET / HTTP/1.1', [`Host: ${host()}`, `X-Pad: ${'a'.repeat(20_000)}`]),
    );
    expect(reply.status).toBe(431);
    await expectStillUp();
  });

  it('answers 400 to Transfer-Encoding together with Content-Length (request smuggling)', async () => {
    const body = '0\r\n\r\nPOST /api/call/add HTTP/1.1\r\n\r\n';
    const reply = await rawRequest(
      server.port,
      requestText(
        'POST /api/call/add HTTP/1.1',
        [
          `Host: ${host()}`,
          `X-Mmx-Token: ${TOKEN}`,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
          'Transfer-Encoding: chunked',
        ],
        body,
      ),
    );
    expect(reply.status).toBe(400);
    // Only one response: the smuggled second request was not run.
    expect(reply.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    await expectStillUp();
  });

  it('answers 400 to a null byte or a bare CR in the request line and stays up', async () => {
    for (const line of ['GET /\0 HTTP/1.1', 'GET /a\rb HTTP/1.1']) {
      const reply = await rawRequest(server.port, requestText(line));
      expect(reply.status).toBe(400);
    }
    await expectStillUp();
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/.%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/..%00/secret.txt',
    '/secret.txt%00.html',
    '/%c0%ae%c0%ae/secret.txt',
  ])('never serves a file outside the app folder for %s', async (path) => {
    const reply = await rawRequest(
      server.port,
      requestText(`GET ${path} HTTP/1.1`, [`Host: ${host()}`, `X-Mmx-Token: ${TOKEN}`]),
    );
    expect(reply.text).not.toContain('TOP-SECRET');
    expect(reply.status === 200 ? reply.text : '<title>app</title>').toContain(
      '<title>app</title>',
    );
  });

  it('answers every refusal with a JSON title and no stack trace or file path', async () => {
    const replies = await Promise.all([
      rawRequest(server.port, requestText('GET //[ HTTP/1.1')),
      rawRequest(server.port, addCall([`Host: ${host()}`])),
      rawRequest(server.port, addCall(['Host: evil.example'])),
      rawRequest(
        server.port,
        requestText('GET /api/call/add HTTP/1.1', [`Host: ${host()}`, `X-Mmx-Token: ${TOKEN}`]),
      ),
    ]);
    for (const reply of replies) {
      const body = reply.text.slice(reply.text.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body)).toMatchObject({
        ok: false,
        error: { code: `http-${reply.status}` },
      });
      expect(body).not.toMatch(/\bat \S+:\d+|\.ts\b|node:internal|\/work\//);
    }
  });
});

describe('web mode when the back end itself throws', () => {
  it('answers 500 "Internal error" without the message or stack', async () => {
    const dispatcher = createTestDispatcher();
    const failing = await startWebServer({
      dispatcher: {
        ...dispatcher,
        call: async () => {
          throw new Error(`boom in ${root}/handler.ts`);
        },
      },
      staticRoot: root,
      token: TOKEN,
    });
    try {
      const reply = await rawRequest(
        failing.port,
        addCall([`Host: 127.0.0.1:${failing.port}`, `X-Mmx-Token: ${TOKEN}`]),
      );
      expect(reply.status).toBe(500);
      expect(reply.text).toContain('"title":"Internal error"');
      expect(reply.text).not.toContain('boom');
      expect(reply.text).not.toContain('handler.ts');
    } finally {
      await failing.close();
    }
  });
});
