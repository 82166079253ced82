import type { Contract } from '../common/contract';
import { contract } from '../common/contract';
import { createDispatcher, type Dispatcher, type HandlersOf } from '../common/rpc';
import { appDataDir } from '../../models/runtime/manager/modelsDir';
import { ModelRuntime } from '../../models/runtime/ModelRuntime';
import type { WorkerLauncher } from '../../models/runtime/forkWorker';
import { appHandlers } from './appHandlers';
import { createBackendHandlers } from './backendHandlers';
import { createDownloadsHandlers } from './downloadsHandlers';
import { loadModelCatalog, type ModelCatalog } from '../../models/runtime/manager/modelCatalog';
import type { SecretStore } from './secretStore';
import { createAskHandler } from './askHandler';
import { warmShippedJudgeMemory } from '../../models/reasoning/shippedJudgeMemory';
import { CaseStoreHolder, createCasesHandlers } from './casesHandlers';
import { createFolderHandlers } from './folderHandlers';
import { GuidelineLibrary, createGuidelinesHandlers } from './guidelinesHandlers';
import type { HandlerContext } from './handlerContext';
import { createModelsHandlers } from './modelsHandlers';
import { createPacsHandlers } from './pacsHandlers';

export interface BackEndOptions {
  /** App data folder (models, settings); default $MMX_HOME or the per-OS folder. */
  home?: string;
  /** How the inference worker starts: child_process.fork (default) or Electron's utilityProcess. */
  launchWorker?: WorkerLauncher;
  /** The desktop app's keychain (Electron safeStorage) for a model server's key; none in web mode. */
  secrets?: SecretStore;
  /** Downloadable models; default the catalog shipped with the app. */
  catalog?: ModelCatalog;
  /** Where catalog models are downloaded from: HF_ENDPOINT (the hub's own mirror setting) or huggingface.co. */
  hubUrl?: string;
}

/**
 * The back end: handlers shared by Electron IPC (electron/main/ipc.ts) and
 * web mode (electron/web/server.ts). Nothing here may import electron.
 */
export function createBackEnd({
  home = appDataDir(),
  launchWorker,
  secrets,
  catalog = loadModelCatalog(),
  hubUrl = process.env.HF_ENDPOINT ?? 'https://huggingface.co',
}: BackEndOptions = {}) {
  const runtime = new ModelRuntime(launchWorker ? { launch: launchWorker } : {});
  const library = new GuidelineLibrary();
  const cases = new CaseStoreHolder(home);
  const { downloadModel, ...downloads } = createDownloadsHandlers({ home, catalog, hubUrl });
  const { retrievePacs, ...pacsCalls } = createPacsHandlers({ home, secrets });
  const handlers: HandlersOf<Contract, HandlerContext> = {
    calls: {
      ...appHandlers,
      ...createModelsHandlers({ home, onModelRemoved: () => runtime.unload() }),
      ...createGuidelinesHandlers(library),
      ...createCasesHandlers(cases),
      ...createFolderHandlers(),
      ...createBackendHandlers({ home, secrets }),
      ...downloads,
      ...pacsCalls,
    },
    streams: {
      ask: createAskHandler({ home, runtime, library, secrets, cases }),
      downloadModel,
      retrievePacs,
    },
  };
  return {
    dispatcher: createDispatcher<Contract, HandlerContext>(contract, handlers),
    /**
     * Indexes, in the background, what the first question's first linked step would otherwise
     * wait about a second for (the citation judge's memory). The app calls it once it is up.
     */
    warmUp: () => warmShippedJudgeMemory(),
    /** Stops the inference worker and closes the case store. */
    dispose: async () => {
      await runtime.dispose();
      await cases.dispose();
    },
  };
}

export type AppDispatcher = Dispatcher<HandlerContext>;
