import type { StateCreator } from 'zustand';
import type {
  BackendState,
  SetBackendRequest,
} from '../../../../electron/common/schemas/modelServer';
import { api } from '../../bridge/api';
import { describeError, type ErrorView } from '../../ui/describeError';

export interface ModelServerSlice {
  /** Where the model runs; undefined until loaded. */
  backend?: BackendState;
  backendError?: ErrorView;
  backendBusy: boolean;
  /** A question waits for the user's consent to send images to this host. */
  consentPending?: { host: string; resume: () => Promise<void> };
  loadBackend(): Promise<void>;
  setBackend(request: SetBackendRequest): Promise<boolean>;
  /** Asks the user before images go to `host`; `resume` runs the question after they agree. */
  requestConsent(host: string, resume: () => Promise<void>): void;
  answerConsent(agree: boolean): Promise<void>;
}

export const createModelServerSlice: StateCreator<ModelServerSlice, [], [], ModelServerSlice> = (
  set,
  get,
) => {
  const operate = async (work: () => Promise<BackendState>): Promise<boolean> => {
    set({ backendBusy: true, backendError: undefined });
    try {
      set({ backend: await work() });
      return true;
    } catch (error) {
      set({ backendError: describeError(error) });
      return false;
    } finally {
      set({ backendBusy: false });
    }
  };
  return {
    backendBusy: false,
    loadBackend: async () => {
      await operate(() => api.getBackend({}));
    },
    setBackend: (request) => operate(() => api.setBackend(request)),
    requestConsent: (host, resume) => set({ consentPending: { host, resume } }),
    async answerConsent(agree) {
      const pending = get().consentPending;
      set({ consentPending: undefined });
      if (!pending || !agree) return;
      if (await operate(() => api.consentToServer({ host: pending.host }))) await pending.resume();
    },
  };
};

/**
 * What the status bar says about privacy: a model server on another machine
 * first (images go there), else PACS servers on other machines (studies come
 * from and go to them), and "Offline" only when neither.
 */
export const privacyLine = (
  backend: BackendState | undefined,
  remotePacsHosts: readonly string[] = [],
) =>
  backend?.sendsImagesTo
    ? `Sends images to ${backend.sendsImagesTo}`
    : remotePacsHosts.length > 0
      ? 'The model runs here; studies come from and go to the PACS named'
      : 'Offline: nothing leaves this machine';
