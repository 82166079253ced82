import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelCatalog, type ModelCatalog } from '../../models/runtime/manager/modelCatalog';
import {
  startHubServer,
  type HubServer,
} from '../../models/runtime/manager/testing/startHubServer';
import { verifyModelFolder } from '../../models/runtime/verifyModelFolder';
import { buildFixtureModel } from '../../models/tinymodels/buildFixtureModel';
import type { CatalogList, DownloadEvent } from '../common/schemas/catalog';
import { createBackEnd } from './createHandlers';

const web = { mode: 'web' as const };
const REPO = 'test-org/Tiny-VL-ONNX';
let root: string;
let source: string;

/** A catalog in the shipped format whose one entry is the tiny fixture model on the local hub. */
function tinyCatalog(): ModelCatalog {
  const sha = createHash('sha256')
    .update(readFileSync(join(source, 'config.json')))
    .digest('hex');
  return {
    version: 1,
    models: [
      {
        id: 'tiny-vl',
        name: 'Tiny VL',
        repo: REPO,
        revision: 'main',
        license: 'apache-2.0',
        modelType: 'qwen2_vl',
        parameterCount: 1_000_000,
        layers: 2,
        kvHeads: 2,
        headDim: 8,
        // config.json has its SHA-256 in the catalog; the rest are checked against the hub's ETags.
        files: [
          { path: 'config.json', sha256: sha },
          { path: 'generation_config.json' },
          { path: 'preprocessor_config.json' },
          { path: 'tokenizer.json' },
          { path: 'tokenizer_config.json' },
        ],
        variants: [
          {
            dtype: 'fp32',
            files: [
              { path: 'onnx/embed_tokens.onnx' },
              { path: 'onnx/vision_encoder.onnx' },
              { path: 'onnx/decoder_model_merged.onnx' },
            ],
          },
        ],
      },
    ],
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-downloads-'));
  source = join(root, 'hub-files');
  await buildFixtureModel(source, { kind: 'random', seed: 3 });
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function backEndWith(hub: Pick<HubServer, 'url'>, name: string) {
  const home = join(root, name);
  const backEnd = createBackEnd({ home, catalog: tinyCatalog(), hubUrl: hub.url });
  const call = async <T>(method: string, payload: unknown = {}) => {
    const envelope = await backEnd.dispatcher.call(method, payload, web);
    if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
    return envelope.value as T;
  };
  const download = (signal = new AbortController().signal, events: DownloadEvent[] = []) =>
    backEnd.dispatcher.stream(
      'downloadModel',
      { entryId: 'tiny-vl', dtype: 'fp32' },
      (e) => events.push(e as DownloadEvent),
      signal,
      web,
    );
  return { home, backEnd, call, download };
}

describe('model downloads from the catalog', () => {
  it('the shipped catalog is valid and lists Qwen2-VL exports with dtype variants', () => {
    const catalog = loadModelCatalog();
    expect(catalog.models.length).toBeGreaterThan(0);
    for (const m of catalog.models) expect(m.variants.length).toBeGreaterThan(0);
  });

  it('downloads a variant with checksums from the catalog and the hub, installs it at once, and it verifies', async () => {
    const hub = await startHubServer({ repo: REPO, root: source });
    const { home, backEnd, call, download } = await backEndWith(hub, 'whole');
    try {
      const before = await call<CatalogList>('listCatalog');
      expect(before.entries[0]!.variants[0]).toMatchObject({
        dtype: 'fp32',
        installedId: null,
        partialBytes: 0,
        fit: { verdict: 'fits' },
      });
      const events: DownloadEvent[] = [];
      const envelope = await download(undefined, events);
      expect(envelope).toMatchObject({ ok: true, value: { activeId: 'tiny-vl-fp32' } });
      const last = events.at(-1)!;
      expect(last.fileCount).toBe(8);
      expect(last.totalBytes).toBe(last.doneBytes);
      // The weights came through the CDN redirect that names their SHA-256.
      expect(hub.requests.filter((r) => r.path.startsWith('/cdn/onnx/'))).toHaveLength(3);
      const dir = join(home, 'models', 'tiny-vl-fp32');
      expect(verifyModelFolder(dir).ok).toBe(true);
      expect(existsSync(join(home, 'models', '.partial-tiny-vl-fp32'))).toBe(false);
      expect((await call<CatalogList>('listCatalog')).entries[0]!.variants[0]!.installedId).toBe(
        'tiny-vl-fp32',
      );
    } finally {
      await backEnd.dispose();
      await hub.close();
    }
  });

  it('pauses when cancelled, keeps what arrived, and resumes with a Range request', async () => {
    const hub = await startHubServer({
      repo: REPO,
      root: source,
      slow: { path: 'onnx/decoder_model_merged.onnx', bytesPerTick: 4096 },
    });
    const { home, backEnd, call, download } = await backEndWith(hub, 'paused');
    try {
      const controller = new AbortController();
      const events: DownloadEvent[] = [];
      const paused = download(controller.signal, events);
      // Abort once part of the slow file has arrived (its first event is at byte 0).
      await expect
        .poll(() => events.filter((e) => e.file === 'onnx/decoder_model_merged.onnx').length)
        .toBeGreaterThan(1);
      controller.abort();
      expect((await paused).ok).toBe(false);
      const partial = (await call<CatalogList>('listCatalog')).entries[0]!.variants[0]!;
      expect(partial.installedId).toBeNull();
      expect(partial.partialBytes).toBeGreaterThan(0);
      const resumed: DownloadEvent[] = [];
      expect((await download(undefined, resumed)).ok).toBe(true);
      expect(resumed.some((e) => e.resumed)).toBe(true);
      expect(
        hub.requests.some(
          (r) => r.path === '/cdn/onnx/decoder_model_merged.onnx' && r.range !== undefined,
        ),
      ).toBe(true);
      expect(verifyModelFolder(join(home, 'models', 'tiny-vl-fp32')).ok).toBe(true);
    } finally {
      await backEnd.dispose();
      await hub.close();
    }
  });

  it('refuses a file whose bytes do not match the hub’s SHA-256, and installs nothing', async () => {
    const hub = await startHubServer({
      repo: REPO,
      root: source,
      corrupt: ['onnx/vision_encoder.onnx'],
    });
    const { home, backEnd, download } = await backEndWith(hub, 'corrupt');
    try {
      const envelope = await download();
      expect(envelope).toMatchObject({
        ok: false,
        error: {
          code: 'download-failed',
          cause: expect.stringMatching(
            /vision_encoder\.onnx has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}; the partial file was deleted/,
          ),
        },
      });
      expect(existsSync(join(home, 'models', 'tiny-vl-fp32'))).toBe(false);
      expect(
        existsSync(
          join(home, 'models', '.partial-tiny-vl-fp32', 'onnx', 'vision_encoder.onnx.part'),
        ),
      ).toBe(false);
    } finally {
      await backEnd.dispose();
      await hub.close();
    }
  });

  it('says a download needs a network connection when the hub cannot be reached, and a paused one can be discarded', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const { home, backEnd, call, download } = await backEndWith(
      { url: `http://127.0.0.1:${port}` },
      'offline',
    );
    try {
      expect(await download()).toMatchObject({
        ok: false,
        error: { code: 'offline', title: 'Downloading needs a network connection' },
      });
      const listed = await call<CatalogList>('discardDownload', {
        entryId: 'tiny-vl',
        dtype: 'fp32',
      });
      expect(listed.entries[0]!.variants[0]!.partialBytes).toBe(0);
      expect(existsSync(join(home, 'models', '.partial-tiny-vl-fp32'))).toBe(false);
    } finally {
      await backEnd.dispose();
    }
  });
});
