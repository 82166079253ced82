import type { StateCreator } from 'zustand';
import type {
  ModelEntry,
  ModelList,
  VerifyReportView,
} from '../../../../electron/common/schemas/models';
import { api } from '../../bridge/api';
import { describeError, type ErrorView } from '../../ui/describeError';

export interface ModelsSlice {
  models: ModelEntry[];
  brokenModels: ModelList['broken'];
  activeModelId: string | null;
  totalMemoryBytes: number;
  modelsLoaded: boolean;
  modelsBusy: boolean;
  modelsError?: ErrorView;
  verifyReport?: { path: string; report: VerifyReportView };
  modelsOpen: boolean;
  setModelsOpen(open: boolean): void;
  /** Loads the list; on first run (no model at all) installs the demo model. */
  initModels(): Promise<void>;
  selectModel(id: string): Promise<void>;
  verifyFolder(path: string): Promise<void>;
  /** Resolves true once the model is installed (and active). */
  importFolder(path: string, name?: string): Promise<boolean>;
  /** Says what the last import installed, until the next model operation. */
  importNotice?: string;
  removeModel(id: string): Promise<void>;
  /** Shows a model list the back end returned (e.g. after a download installed one). */
  applyModelList(list: ModelList): void;
}

let initializing: Promise<void> | undefined;

export const createModelsSlice: StateCreator<ModelsSlice, [], [], ModelsSlice> = (set) => {
  const apply = (list: ModelList) =>
    set({
      models: list.models,
      brokenModels: list.broken,
      activeModelId: list.activeId,
      totalMemoryBytes: list.totalMemoryBytes,
      modelsLoaded: true,
      modelsError: undefined,
    });

  /** Runs one model operation with a busy flag and errors shown in place. */
  const operate = async (work: () => Promise<void>) => {
    set({ modelsBusy: true, modelsError: undefined, importNotice: undefined });
    try {
      await work();
    } catch (error) {
      set({ modelsError: describeError(error) });
    } finally {
      set({ modelsBusy: false });
    }
  };

  return {
    models: [],
    brokenModels: [],
    activeModelId: null,
    totalMemoryBytes: 0,
    modelsLoaded: false,
    modelsBusy: false,
    modelsOpen: false,
    setModelsOpen: (open) => set({ modelsOpen: open }),
    // One load at a time: React's StrictMode runs effects twice, and two
    // first runs must not both try to create the demo model.
    initModels: () =>
      (initializing ??= operate(async () => {
        const list = await api.listModels({});
        apply(
          list.models.length === 0 && list.broken.length === 0
            ? await api.ensureDemoModel({})
            : list,
        );
      }).finally(() => (initializing = undefined))),
    selectModel: (id) => operate(async () => apply(await api.setActiveModel({ id }))),
    verifyFolder: (path) =>
      operate(async () => {
        set({ verifyReport: { path, report: await api.verifyModelFolder({ path }) } });
      }),
    importFolder: async (path, name) => {
      let installed = false;
      await operate(async () => {
        const list = await api.importModel({ path, name });
        apply(list);
        const active = list.models.find((m) => m.id === list.activeId);
        set({
          verifyReport: undefined,
          importNotice: `Imported ${active ? `“${active.name}”` : 'the model'}; it is now the active model.`,
        });
        installed = true;
      });
      return installed;
    },
    removeModel: (id) => operate(async () => apply(await api.removeModel({ id }))),
    applyModelList: apply,
  };
};

export const DEMO_LABEL = 'Demo — not a medical model';

/** The label a user sees for a model; demo models always say so. */
export const modelLabel = (model: Pick<ModelEntry, 'name' | 'demo'>) =>
  model.demo && model.name !== DEMO_LABEL ? `${model.name} (${DEMO_LABEL})` : model.name;
