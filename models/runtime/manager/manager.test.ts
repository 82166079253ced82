import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../../tinymodels/buildFixtureModel';
import { verifyModelFolder } from '../verifyModelFolder';
import { downloadLayout, downloadModel, type DownloadProgress } from './downloadModel';
import { DEMO_MODEL_NAME, ensureDemoModel } from './ensureDemoModel';
import { estimateRamFit } from './estimateRamFit';
import { importModel, listModels, removeModel } from './installedModels';
import { hashModelFiles, sha256File } from './modelManifest';
import { appDataDir, modelId } from './modelsDir';

let root: string;
let source: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-manager-'));
  source = join(root, 'source');
  await buildFixtureModel(source, { kind: 'random', seed: 5, layers: 1 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the app data folder', () => {
  it('follows MMX_HOME, then the per-OS data folder', () => {
    expect(appDataDir({ MMX_HOME: '/x/y' }, 'linux')).toBe('/x/y');
    expect(appDataDir({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/mmedexpert');
    expect(appDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/mmedexpert$/);
    expect(modelId('Demo — not a medical model')).toBe('demo-not-a-medical-model');
    expect(() => modelId('———')).toThrow(/modelId/);
  });
});

describe('import, list and remove', () => {
  it('imports a folder with a manifest of sizes and hashes, lists it, and removes it', async () => {
    const home = join(root, 'home1');
    const model = await importModel(source, { name: 'Tiny Random', home });
    expect(model.id).toBe('tiny-random');
    const m = model.manifest!;
    expect(m.name).toBe('Tiny Random');
    expect(m.source).toEqual({ kind: 'import', path: source });
    expect(m.modelType).toBe('qwen2_5_vl');
    expect(m.dtypes).toEqual(['fp32']);
    expect(m.demo).toBe(false);
    expect(m.parameterCount).toBeGreaterThan(10_000);
    const config = m.files.find((f) => f.path === 'config.json')!;
    expect(config.size).toBe((await stat(join(source, 'config.json'))).size);
    expect(config.sha256).toBe(await sha256File(join(source, 'config.json')));
    expect(m.files.map((f) => f.path)).toContain('onnx/decoder_model_merged.onnx');
    expect(m.sha256).toBe((await hashModelFiles(source)).sha256);
    expect(verifyModelFolder(model.dir).ok).toBe(true);

    const listed = await listModels({ home });
    expect(listed.map((x) => x.id)).toEqual(['tiny-random']);
    await expect(importModel(source, { name: 'Tiny Random', home })).rejects.toThrow(
      /already installed/,
    );
    await removeModel('Tiny Random', { home });
    expect(await listModels({ home })).toEqual([]);
    // No staging leftovers after import or removal.
    expect(await readdir(join(home, 'models'))).toEqual([]);
  });

  it('refuses to import a broken folder and leaves nothing behind', async () => {
    const home = join(root, 'home2');
    await expect(importModel(join(root, 'nope'), { home })).rejects.toThrow(/does not exist/);
    const broken = join(root, 'broken');
    await buildFixtureModel(broken, { kind: 'random', seed: 1, layers: 1 });
    await rm(join(broken, 'tokenizer.json'));
    await expect(importModel(broken, { home })).rejects.toThrow(
      /not a valid model \(1 problem\(s\): tokenizer.json: is missing\)/,
    );
    expect(await readdir(join(home, 'models'))).toEqual([]);
  });
});

describe('ensureDemoModel', () => {
  it('installs the scripted demo once, flagged as a demo', async () => {
    const home = join(root, 'home3');
    const first = await ensureDemoModel({ home });
    expect(first.manifest?.name).toBe(DEMO_MODEL_NAME);
    expect(first.manifest?.demo).toBe(true);
    expect(first.manifest?.source).toEqual({ kind: 'demo' });
    const again = await ensureDemoModel({ home });
    expect(again.manifest?.createdAt).toBe(first.manifest?.createdAt);
    expect((await listModels({ home })).length).toBe(1);
  });
});

describe('estimateRamFit', () => {
  it('grades the estimated RAM against the machine', () => {
    const gib = 2 ** 30;
    expect(estimateRamFit({ estimatedRamBytes: 4 * gib }, 16 * gib).verdict).toBe('fits');
    expect(estimateRamFit({ estimatedRamBytes: 12 * gib }, 16 * gib).verdict).toBe('tight');
    const big = estimateRamFit({ estimatedRamBytes: 20 * gib }, 16 * gib);
    expect(big.verdict).toBe('too-large');
    expect(big.message).toContain('20.0 GiB');
  });
});

describe('downloadModel', () => {
  let server: Server;
  let base: string;
  /** When set, the server cuts the body of this file after this many bytes. */
  let cutAfter: { path: string; bytes: number } | undefined;
  const requests: { path: string; range?: string }[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(
        /^\/repo\/resolve\/main\//,
        '',
      );
      requests.push({ path: rel, range: req.headers.range });
      const file = join(source, rel);
      if (!existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      const body = await readFile(file);
      const etag = '"v1"';
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      let start = 0;
      if (range && (req.headers['if-range'] === undefined || req.headers['if-range'] === etag)) {
        start = Number(range[1]);
        if (start >= body.length) {
          res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
          return;
        }
        res.writeHead(206, {
          'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
          'content-length': body.length - start,
          etag,
        });
      } else {
        res.writeHead(200, { 'content-length': body.length, etag, 'accept-ranges': 'bytes' });
      }
      const slice = body.subarray(start);
      if (cutAfter && cutAfter.path === rel && start === 0) {
        // Send part of the body, then drop the connection: an interrupted transfer.
        res.write(slice.subarray(0, cutAfter.bytes), () => res.destroy());
        return;
      }
      res.end(slice);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo/resolve/main/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const files = async () => (await hashModelFiles(source)).files;

  it('keeps the folder layout of the URLs', () => {
    expect(
      downloadLayout([
        'http://h/a/resolve/main/config.json',
        'http://h/a/resolve/main/onnx/x.onnx',
      ]),
    ).toEqual(['config.json', 'onnx/x.onnx']);
    expect(downloadLayout(['http://h/m/config.json', 'http://h/m/onnx/x.onnx'])).toEqual([
      'config.json',
      'onnx/x.onnx',
    ]);
    expect(() => downloadLayout(['ftp://h/x'])).toThrow(/only http/);
  });

  it('resumes an interrupted transfer with a Range request and installs the model atomically', async () => {
    const home = join(root, 'home4');
    const list = await files();
    const decoder = list.find((f) => f.path === 'onnx/decoder_model_merged.onnx')!;
    cutAfter = { path: decoder.path, bytes: Math.floor(decoder.size / 3) };
    const urls = list.map((f) => ({ url: base + f.path, sha256: f.sha256 }));

    await expect(downloadModel({ files: urls, name: 'Downloaded', home })).rejects.toThrow();
    // Half-downloaded: nothing looks installed, a partial file waits to be resumed.
    expect(await listModels({ home })).toEqual([]);
    const part = join(
      home,
      'models',
      '.partial-downloaded',
      'onnx',
      'decoder_model_merged.onnx.part',
    );
    expect((await stat(part)).size).toBe(cutAfter.bytes);

    cutAfter = undefined;
    requests.length = 0;
    const progress: DownloadProgress[] = [];
    const model = await downloadModel({
      files: urls,
      name: 'Downloaded',
      home,
      onProgress: (p) => progress.push(p),
    });
    // Finished files are not fetched again; the cut one continues where it stopped.
    const cut = Math.floor(decoder.size / 3);
    const after = list
      .slice(list.indexOf(decoder) + 1)
      .map((f) => ({ path: f.path, range: undefined }));
    expect(requests).toEqual([{ path: decoder.path, range: `bytes=${cut}-` }, ...after]);
    expect(progress.find((p) => p.file === decoder.path)?.resumed).toBe(true);
    expect(model.manifest?.sha256).toBe((await hashModelFiles(source)).sha256);
    expect(model.manifest?.source).toEqual({ kind: 'download', urls: urls.map((u) => u.url) });
    expect((await listModels({ home })).map((m) => m.id)).toEqual(['downloaded']);
    expect(await readdir(join(home, 'models'))).toEqual(['downloaded']);
  });

  it('rejects a file whose SHA-256 does not match and deletes it', async () => {
    const home = join(root, 'home5');
    const list = await files();
    const urls = list.map((f) => ({
      url: base + f.path,
      sha256: f.path === 'config.json' ? '0'.repeat(64) : f.sha256,
    }));
    await expect(downloadModel({ files: urls, name: 'Bad Hash', home })).rejects.toThrow(
      /config\.json has SHA-256 \w+, expected 0{64}/,
    );
    expect(await listModels({ home })).toEqual([]);
    expect(existsSync(join(home, 'models', '.partial-bad-hash', 'config.json.part'))).toBe(false);
  });

  it('pauses when the signal aborts and reports HTTP errors by URL', async () => {
    const home = join(root, 'home6');
    const controller = new AbortController();
    controller.abort();
    await expect(
      downloadModel({
        files: [{ url: `${base}config.json` }],
        name: 'P',
        home,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    await expect(
      downloadModel({ files: [{ url: `${base}missing.json` }], name: 'Q', home }),
    ).rejects.toThrow(/missing\.json answered HTTP 404/);
  });
});
