// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../electron/common/appError';
import type { CatalogList, DownloadEvent } from '../../../../electron/common/schemas/catalog';
import type { ModelList } from '../../../../electron/common/schemas/models';

type Download = (
  request: unknown,
  onEvent: (event: DownloadEvent) => void,
  signal?: AbortSignal,
) => Promise<ModelList>;
const downloadMock = vi.fn<Download>();
const discardMock = vi.fn();
const catalog: CatalogList = { entries: [], note: null };
vi.mock('../../bridge/api', () => ({
  api: {
    downloadModel: (...args: Parameters<Download>) => downloadMock(...args),
    discardDownload: (...args: unknown[]) => discardMock(...args),
    listCatalog: async () => catalog,
  },
}));

const { createAppStore } = await import('../../store/store');

const event = (doneBytes: number): DownloadEvent => ({
  file: 'onnx/decoder_model_merged_q4.onnx',
  fileIndex: 7,
  fileCount: 8,
  doneBytes,
  totalBytes: 1000,
  resumed: false,
});

/** A download that reports progress, then waits until its signal aborts. */
const untilAborted: Download = (_request, onEvent, signal) =>
  new Promise((_resolve, reject) => {
    onEvent(event(250));
    signal?.addEventListener('abort', () =>
      reject(new AppError({ code: 'cancelled', title: 'Cancelled' })),
    );
  });

beforeEach(() => {
  downloadMock.mockReset();
  discardMock.mockReset();
});

describe('downloads in the Models dialog', () => {
  it('shows progress, pauses on request and keeps the state for Resume', async () => {
    const store = createAppStore();
    downloadMock.mockImplementationOnce(untilAborted);
    const running = store.getState().startDownload('qwen', 'q4');
    expect(store.getState().downloads['qwen:q4']).toMatchObject({
      status: 'running',
      doneBytes: 250,
      totalBytes: 1000,
    });
    store.getState().pauseDownload('qwen', 'q4');
    await running;
    expect(store.getState().downloads['qwen:q4']?.status).toBe('paused');
  });

  it('marks a download that found no network, so the dialog can say it needs one', async () => {
    const store = createAppStore();
    downloadMock.mockRejectedValueOnce(
      new AppError({ code: 'offline', title: 'Downloading needs a network connection' }),
    );
    await store.getState().startDownload('qwen', 'q4');
    expect(store.getState().downloads['qwen:q4']).toMatchObject({
      status: 'error',
      offline: true,
      error: { title: 'Downloading needs a network connection' },
    });
  });

  it('cancels by stopping the stream first and then discarding what arrived', async () => {
    const store = createAppStore();
    const order: string[] = [];
    downloadMock.mockImplementationOnce((request, onEvent, signal) =>
      untilAborted(request, onEvent, signal).finally(() => order.push('stream ended')),
    );
    discardMock.mockImplementationOnce(async () => {
      order.push('discarded');
      return catalog;
    });
    const running = store.getState().startDownload('qwen', 'q4');
    await store.getState().cancelDownload('qwen', 'q4');
    await running;
    expect(order).toEqual(['stream ended', 'discarded']);
    expect(discardMock).toHaveBeenCalledWith({ entryId: 'qwen', dtype: 'q4' });
    expect(store.getState().downloads['qwen:q4']).toBeUndefined();
  });
});
