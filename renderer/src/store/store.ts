import { create } from 'zustand';
import { createCasesSlice, type CasesSlice } from '../features/cases/casesSlice';
import { createDownloadsSlice, type DownloadsSlice } from '../features/models/downloadsSlice';
import { createModelServerSlice, type ModelServerSlice } from '../features/models/modelServerSlice';
import { createModelsSlice, type ModelsSlice } from '../features/models/modelsSlice';
import { createPacsSlice, type PacsSlice } from '../features/pacs/pacsSlice';
import { createReasoningSlice, type ReasoningSlice } from '../features/reasoning/reasoningSlice';
import { createGenerationSlice, type GenerationSlice } from '../features/reasoning/generationSlice';
import { createStepFocusSlice, type StepFocusSlice } from '../features/reasoning/stepFocusSlice';
import { createSettingsSlice, type SettingsSlice } from '../features/settings/settingsSlice';
import { createStudiesSlice, type StudiesSlice } from '../features/studies/studiesSlice';
import { createViewerSlice, type ViewerSlice } from '../features/viewer/viewerSlice';

/** The one store, combined from feature slices (zustand slices pattern). */
export type AppState = StudiesSlice &
  SettingsSlice &
  ModelsSlice &
  ModelServerSlice &
  DownloadsSlice &
  ReasoningSlice &
  GenerationSlice &
  StepFocusSlice &
  ViewerSlice &
  CasesSlice &
  PacsSlice;

export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createStudiesSlice(...a),
    ...createSettingsSlice(...a),
    ...createModelsSlice(...a),
    ...createModelServerSlice(...a),
    ...createDownloadsSlice(...a),
    ...createReasoningSlice(...a),
    ...createGenerationSlice(...a),
    ...createStepFocusSlice(...a),
    ...createViewerSlice(...a),
    ...createCasesSlice(...a),
    ...createPacsSlice(...a),
  }));

export const useAppStore = createAppStore();

export const selectActiveModel = (state: AppState) =>
  state.models.find((m) => m.id === state.activeModelId);
