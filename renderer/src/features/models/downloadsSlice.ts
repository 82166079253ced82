import type { StateCreator } from 'zustand';
import { AppError } from '../../../../electron/common/appError';
import type { CatalogList } from '../../../../electron/common/schemas/catalog';
import { api } from '../../bridge/api';
import { describeError, type ErrorView } from '../../ui/describeError';
import type { ModelsSlice } from './modelsSlice';

export interface DownloadState {
  status: 'running' | 'paused' | 'error';
  file?: string;
  doneBytes: number;
  totalBytes: number | null;
  error?: ErrorView;
  /** The hub could not be reached: the download waits for a network connection. */
  offline?: boolean;
}

export interface DownloadsSlice {
  catalog?: CatalogList;
  catalogError?: ErrorView;
  /** Per `entryId:dtype`. */
  downloads: Record<string, DownloadState>;
  loadCatalog(): Promise<void>;
  /** Starts or resumes a download; resolves when it ends (installed, paused or failed). */
  startDownload(entryId: string, dtype: string): Promise<void>;
  pauseDownload(entryId: string, dtype: string): void;
  /** Stops the download and deletes what it received. */
  cancelDownload(entryId: string, dtype: string): Promise<void>;
}

export const downloadKey = (entryId: string, dtype: string) => `${entryId}:${dtype}`;
/** Downloads in flight: abort to pause; `done` settles when the stream has let go of its files. */
const running = new Map<string, { controller: AbortController; done: Promise<void> }>();

export const createDownloadsSlice: StateCreator<
  DownloadsSlice & ModelsSlice,
  [],
  [],
  DownloadsSlice
> = (set, get) => {
  const update = (key: string, change: Partial<DownloadState> | undefined) => {
    const downloads = { ...get().downloads };
    if (change === undefined) delete downloads[key];
    else
      downloads[key] = {
        status: 'running',
        doneBytes: 0,
        totalBytes: null,
        ...downloads[key],
        ...change,
      };
    set({ downloads });
  };
  const loadCatalog = async () => {
    try {
      set({ catalog: await api.listCatalog({}), catalogError: undefined });
    } catch (error) {
      set({ catalogError: describeError(error) });
    }
  };
  return {
    downloads: {},
    loadCatalog,
    async startDownload(entryId, dtype) {
      const key = downloadKey(entryId, dtype);
      if (running.has(key)) return;
      const controller = new AbortController();
      update(key, { status: 'running', error: undefined, offline: undefined });
      const run = async () => {
        try {
          const list = await api.downloadModel(
            { entryId, dtype },
            (event) =>
              update(key, {
                file: event.file,
                doneBytes: event.doneBytes,
                totalBytes: event.totalBytes,
              }),
            controller.signal,
          );
          update(key, undefined);
          get().applyModelList(list);
        } catch (error) {
          if (controller.signal.aborted) update(key, { status: 'paused' });
          else
            update(key, {
              status: 'error',
              error: describeError(error),
              offline: error instanceof AppError && error.code === 'offline',
            });
        } finally {
          running.delete(key);
        }
        await loadCatalog();
      };
      const done = run();
      running.set(key, { controller, done });
      await done;
    },
    pauseDownload(entryId, dtype) {
      running.get(downloadKey(entryId, dtype))?.controller.abort();
    },
    async cancelDownload(entryId, dtype) {
      const key = downloadKey(entryId, dtype);
      const current = running.get(key);
      current?.controller.abort();
      // The stream's end releases the partial files; wait for it before deleting them.
      await current?.done;
      try {
        set({ catalog: await api.discardDownload({ entryId, dtype }) });
        update(key, undefined);
      } catch (error) {
        update(key, { status: 'error', error: describeError(error) });
      }
    },
  };
};
