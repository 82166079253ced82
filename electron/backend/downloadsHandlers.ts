import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import path from 'node:path';
import { AppError } from '../common/appError';
import type { CatalogList, CatalogVariantRef, DownloadEvent } from '../common/schemas/catalog';
import type { ModelList } from '../common/schemas/models';
import { downloadModel, NetworkUnavailableError } from '../../models/runtime/manager/downloadModel';
import { estimateRamFit } from '../../models/runtime/manager/estimateRamFit';
import {
  hubFileUrl,
  variantBytes,
  variantFiles,
  variantRamBytes,
  type CatalogEntry,
  type ModelCatalog,
} from '../../models/runtime/manager/modelCatalog';
import { modelId, modelsDir } from '../../models/runtime/manager/modelsDir';
import { dtypeSchema, type Dtype } from '../../models/runtime/protocol';
import { readAppSettings, writeAppSettings } from './appSettings';
import { modelList } from './modelsHandlers';

export interface DownloadsDeps {
  home: string;
  catalog: ModelCatalog;
  /** The hub's base URL (Hugging Face, or a mirror named by HF_ENDPOINT). */
  hubUrl: string;
}

/** The name (and so the folder) a downloaded variant is installed under. */
const installName = (entry: CatalogEntry, dtype: Dtype) => `${entry.name} ${dtype}`;

async function folderBytes(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const item of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (item.isFile()) total += (await stat(path.join(item.parentPath, item.name))).size;
  }
  return total;
}

function find(catalog: ModelCatalog, { entryId, dtype }: CatalogVariantRef) {
  const entry = catalog.models.find((m) => m.id === entryId);
  const parsed = dtypeSchema.safeParse(dtype);
  if (!entry || !parsed.success || !entry.variants.some((v) => v.dtype === parsed.data)) {
    throw new AppError({ code: 'not-in-catalog', title: `The catalog has no ${entryId} ${dtype}` });
  }
  return { entry, dtype: parsed.data };
}

/**
 * Downloads from the catalog: RAM fit before anything is fetched, a
 * download stream with progress (cancel pauses; partial files stay and a
 * new download resumes them with Range requests), checksums from the
 * catalog or the hub, and an atomic install. The network is used only here,
 * and only when the user starts a download.
 */
export function createDownloadsHandlers({ home, catalog, hubUrl }: DownloadsDeps) {
  /** Downloads in flight by model id: discarding one stops it and waits until its files are let go. */
  const running = new Map<string, { stop: AbortController; done: Promise<unknown> }>();

  async function listCatalog(): Promise<CatalogList> {
    const total = totalmem();
    const root = modelsDir(home);
    const installed = existsSync(root) ? new Set(await readdir(root)) : new Set<string>();
    return {
      note: catalog.note ?? null,
      entries: await Promise.all(
        catalog.models.map(async (entry) => ({
          id: entry.id,
          name: entry.name,
          repo: entry.repo,
          license: entry.license,
          variants: await Promise.all(
            entry.variants.map(async ({ dtype }) => {
              const id = modelId(installName(entry, dtype));
              return {
                dtype,
                downloadBytes: variantBytes(entry, dtype) ?? null,
                fit: estimateRamFit({ estimatedRamBytes: variantRamBytes(entry, dtype) }, total),
                installedId: installed.has(id) ? id : null,
                partialBytes: await folderBytes(path.join(root, `.partial-${id}`)),
              };
            }),
          ),
        })),
      ),
    };
  }

  return {
    listCatalog,

    async discardDownload(ref: CatalogVariantRef) {
      const { entry, dtype } = find(catalog, ref);
      const id = modelId(installName(entry, dtype));
      if (running.has(id)) {
        throw new AppError({
          code: 'download-running',
          title: 'Pause the download before discarding it',
        });
      }
      await rm(path.join(modelsDir(home), `.partial-${id}`), { recursive: true, force: true });
      return listCatalog();
    },

    async downloadModel(
      ref: CatalogVariantRef,
      emit: (event: DownloadEvent) => void,
      signal: AbortSignal,
    ): Promise<ModelList> {
      const { entry, dtype } = find(catalog, ref);
      const name = installName(entry, dtype);
      const id = modelId(name);
      if (running.has(id)) {
        throw new AppError({ code: 'download-running', title: `${name} is already downloading` });
      }
      const stop = new AbortController();
      const both = AbortSignal.any([signal, stop.signal]);
      let settle = () => {};
      running.set(id, { stop, done: new Promise<void>((resolve) => (settle = resolve)) });
      const files = variantFiles(entry, dtype);
      // Sizes as the catalog or the server told them, per file, for the overall progress.
      const sizes: (number | undefined)[] = files.map((f) => f.size);
      const received: number[] = files.map(() => 0);
      try {
        const model = await downloadModel({
          files: files.map((f) => ({
            url: hubFileUrl(hubUrl, entry, f.path),
            sha256: f.sha256,
            size: f.size,
          })),
          name,
          home,
          signal: both,
          onProgress: (p) => {
            received[p.fileIndex] = p.receivedBytes;
            sizes[p.fileIndex] ??= p.totalBytes;
            const known = sizes.every((s) => s !== undefined);
            emit({
              file: p.file,
              fileIndex: p.fileIndex,
              fileCount: p.fileCount,
              doneBytes: received.reduce((a, b) => a + b, 0),
              totalBytes: known ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : null,
              resumed: p.resumed,
            });
          },
        });
        const settings = await readAppSettings(home);
        if (!settings.activeModelId)
          await writeAppSettings(home, { ...settings, activeModelId: model.id });
        return await modelList(home);
      } catch (error) {
        if (both.aborted) throw both.reason;
        if (error instanceof NetworkUnavailableError) {
          throw new AppError({
            code: 'offline',
            title: 'Downloading needs a network connection',
            cause: error.message,
            suggestion: 'Connect to the network and press Resume; what was received is kept.',
          });
        }
        throw new AppError({
          code: 'download-failed',
          title: `${name} could not be downloaded`,
          cause: error instanceof Error ? error.message : String(error),
          suggestion: 'Press Resume to try again; a file that failed its checksum is fetched anew.',
        });
      } finally {
        running.delete(id);
        settle();
      }
    },
  };
}
