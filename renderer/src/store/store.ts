import { create } from 'zustand';
import { createSettingsSlice, type SettingsSlice } from '../features/settings/settingsSlice';
import { createStudiesSlice, type StudiesSlice } from '../features/studies/studiesSlice';

/** The one store, combined from feature slices (zustand slices pattern). */
export type AppState = StudiesSlice & SettingsSlice;

export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createStudiesSlice(...a),
    ...createSettingsSlice(...a),
  }));

export const useAppStore = createAppStore();

export const selectSelectedItem = (state: AppState) =>
  state.items.find((item) => item.id === state.selectedId);
