import type { StateCreator } from 'zustand';
import type { OpenedFile } from '../../../../electron/common/contract';
import type { PacsServer } from '../../../../electron/common/schemas/pacs';
import { api } from '../../bridge/api';
import { describeError, type ErrorView } from '../../ui/describeError';

export interface RetrieveRequest {
  serverId: string;
  study: string;
  series?: string;
  /** What the progress line names: "study" or "series #2". */
  label: string;
}

export interface Retrieval {
  request: RetrieveRequest;
  status: 'running' | 'done' | 'cancelled' | 'error';
  done: number;
  total: number;
  error?: ErrorView;
}

export interface PacsSlice {
  pacsOpen: boolean;
  pacsServers: PacsServer[];
  pacsError?: ErrorView;
  retrieval?: Retrieval;
  /** Which server each retrieved study came from (Study Instance UID → server id), for "Send to PACS". */
  studyOrigins: Record<string, string>;
  setPacsOpen(open: boolean): void;
  loadPacsServers(): Promise<void>;
  retrieve(request: RetrieveRequest): Promise<void>;
  cancelRetrieve(): void;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let controller: AbortController | undefined;

/** PACS servers (from the back end, secrets never) and the retrieval in progress. */
export const createPacsSlice: StateCreator<
  PacsSlice & { addFiles(files: OpenedFile[]): void },
  [],
  [],
  PacsSlice
> = (set, get) => ({
  pacsOpen: false,
  pacsServers: [],
  studyOrigins: {},
  setPacsOpen(open) {
    set({ pacsOpen: open });
    if (open) void get().loadPacsServers();
  },
  async loadPacsServers() {
    try {
      set({ pacsServers: (await api.listPacsServers({})).servers, pacsError: undefined });
    } catch (error) {
      set({ pacsError: describeError(error) });
    }
  },
  async retrieve(request) {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    set({ retrieval: { request, status: 'running', done: 0, total: 0 } });
    const update = (change: Partial<Retrieval>) => {
      const current = get().retrieval;
      if (current && current.request === request) set({ retrieval: { ...current, ...change } });
    };
    try {
      const { files } = await api.retrievePacs(
        { serverId: request.serverId, study: request.study, series: request.series },
        (event) => update({ done: event.done, total: event.total }),
        own.signal,
      );
      // The same path as files opened from disk: one decoder for both.
      get().addFiles(files.map((f) => ({ name: f.name, bytes: fromBase64(f.dicomBase64) })));
      set({ studyOrigins: { ...get().studyOrigins, [request.study]: request.serverId } });
      update({ status: 'done' });
    } catch (error) {
      update(
        own.signal.aborted
          ? { status: 'cancelled' }
          : { status: 'error', error: describeError(error) },
      );
    } finally {
      if (controller === own) controller = undefined;
    }
  },
  cancelRetrieve() {
    controller?.abort();
  },
});
