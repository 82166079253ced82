import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../common/csp';
import { serveAppProtocol } from './appProtocol';

let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-app-protocol-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(tmpdir(), 'mmx-outside.txt'), 'outside');
  const protocol = { handle: (_scheme: string, h: typeof handler) => (handler = h) };
  serveAppProtocol(protocol as unknown as Protocol, root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the app:// protocol', () => {
  it('serves the built renderer with the CSP', async () => {
    const response = await handler(new Request('app://mmx/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers 404 for another host, a missing file or a path out of the build folder', async () => {
    for (const url of [
      'app://evil/index.html',
      'app://mmx/missing.js',
      'app://mmx/../mmx-outside.txt',
      'app://mmx/%2e%2e/mmx-outside.txt',
    ]) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
    }
  });
});
