import type { StateCreator } from 'zustand';

export type Theme = 'light' | 'dark';
export type PaneId = 'studies' | 'viewer' | 'reasoning';

export interface SettingsSlice {
  theme: Theme;
  shortcutsOpen: boolean;
  /**
   * Patient name, ID, birth date and accession number shown (viewer overlay,
   * tag browser, PACS results). One setting for the whole window, off at every
   * start and never saved: a screen shared for teaching shows none by default.
   */
  showPatientData: boolean;
  setShowPatientData(show: boolean): void;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setShortcutsOpen(open: boolean): void;
}

const THEME_KEY = 'mmx.theme';

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const createSettingsSlice: StateCreator<SettingsSlice, [], [], SettingsSlice> = (
  set,
  get,
) => ({
  theme: initialTheme(),
  shortcutsOpen: false,
  showPatientData: false,
  setShowPatientData(show) {
    set({ showPatientData: show });
  },
  setTheme(theme) {
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
});
