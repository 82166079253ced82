import type { StateCreator } from 'zustand';
import { fromBase64, toBase64 } from '../../../../electron/common/jsonBytes';
import type {
  AskSaveTo,
  CaseListFilter,
  CaseSummary,
  CaseView,
} from '../../../../electron/common/schemas/cases';
import { api } from '../../bridge/api';
import { describeError, type ErrorView } from '../../ui/describeError';
import type { StudiesSlice } from '../studies/studiesSlice';
import { downloadBytes } from '../../ui/downloadBytes';

/** A full-screen teaching view of one run: steps revealed one by one, or a quiz. */
export interface Teaching {
  mode: 'present' | 'quiz';
  runId: string;
}

export interface CasesSlice {
  /** Runs are saved to the open case (or a new one) automatically unless this is off. */
  autoSaveRuns: boolean;
  setAutoSaveRuns(on: boolean): void;
  /** The next question follows up the open case's latest run (the model gets the thread). */
  followUp: boolean;
  setFollowUp(on: boolean): void;
  casesOpen: boolean;
  setCasesOpen(open: boolean): void;
  caseFilter: CaseListFilter;
  caseList: CaseSummary[];
  casesError?: ErrorView;
  loadCases(filter?: CaseListFilter): Promise<void>;
  openCase?: CaseView;
  /** Opens a case: its runs in the panel and, unless told not to, its images in the viewer. */
  openCaseById(id: string, options?: { intoViewer?: boolean }): Promise<void>;
  closeCase(): void;
  /** After a reload: the case that was open, with its images back in the viewer. */
  reopenLastCase(): Promise<void>;
  renameOpenCase(title: string): Promise<void>;
  setOpenCaseNotes(notes: string): Promise<void>;
  /** The case deleted last, until undone or replaced. */
  deletedCase?: { id: string; title: string };
  deleteCase(id: string): Promise<void>;
  undoDelete(): Promise<void>;
  exportCase(
    id: string,
  ): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer>; warnings: string[] }>;
  importCase(bytes: Uint8Array): Promise<void>;
  /** File › Export case…: the open case as a download; without one, the Cases view to pick it. */
  exportOpenCase(): Promise<void>;
  /** Where the next ask saves its run (undefined: not saved). */
  saveTarget(): AskSaveTo | undefined;
  /** After an ask: the case it was saved to becomes the open case. */
  afterAsk(caseId: string | undefined): Promise<void>;
  teaching?: Teaching;
  setTeaching(teaching: Teaching | undefined): void;
  /** Quiz answers of this session. */
  quizScore: { right: number; asked: number };
  recordQuizAnswer(right: boolean): void;
  compare?: [string, string];
  setCompare(runs: [string, string] | undefined): void;
}

const AUTO_SAVE_KEY = 'mmx.autoSaveRuns';
const OPEN_CASE_KEY = 'mmx.openCase';

export const createCasesSlice: StateCreator<CasesSlice & StudiesSlice, [], [], CasesSlice> = (
  set,
  get,
) => ({
  autoSaveRuns: globalThis.localStorage?.getItem(AUTO_SAVE_KEY) !== 'off',
  setAutoSaveRuns(on) {
    globalThis.localStorage?.setItem(AUTO_SAVE_KEY, on ? 'on' : 'off');
    set({ autoSaveRuns: on });
  },
  followUp: false,
  setFollowUp: (followUp) => set({ followUp }),
  casesOpen: false,
  setCasesOpen(casesOpen) {
    set({ casesOpen });
    if (casesOpen) void get().loadCases();
  },
  caseFilter: {},
  caseList: [],
  async loadCases(filter = get().caseFilter) {
    set({ caseFilter: filter });
    try {
      const { cases } = await api.listCases(filter);
      // A slower answer to an older filter must not replace a newer one.
      if (get().caseFilter === filter) set({ caseList: cases, casesError: undefined });
    } catch (error) {
      set({ casesError: describeError(error) });
    }
  },
  async openCaseById(id, { intoViewer = true } = {}) {
    try {
      const view = await api.getCase({ id });
      globalThis.localStorage?.setItem(OPEN_CASE_KEY, id);
      set({ openCase: view, casesOpen: false, casesError: undefined });
      if (intoViewer)
        get().addFiles(
          view.case.images.map((image, i) => ({
            name: image.name,
            bytes: fromBase64(view.images[i]!.pngBase64),
          })),
        );
    } catch (error) {
      set({ casesError: describeError(error) });
    }
  },
  closeCase() {
    globalThis.localStorage?.removeItem(OPEN_CASE_KEY);
    set({ openCase: undefined, followUp: false, compare: undefined });
  },
  async reopenLastCase() {
    const id = globalThis.localStorage?.getItem(OPEN_CASE_KEY);
    if (!id || get().openCase) return;
    try {
      await api.getCase({ id });
    } catch {
      // Deleted, or another store (MMX_HOME): start without a case.
      globalThis.localStorage?.removeItem(OPEN_CASE_KEY);
      return;
    }
    await get().openCaseById(id);
  },
  async renameOpenCase(title) {
    const open = get().openCase;
    if (!open || title.trim() === '' || title === open.case.title) return;
    const updated = await api.renameCase({ id: open.case.id, title });
    set({ openCase: { ...open, case: updated } });
  },
  async setOpenCaseNotes(notes) {
    const open = get().openCase;
    if (!open || notes === open.case.notes) return;
    const updated = await api.setCaseNotes({ id: open.case.id, notes });
    set({ openCase: { ...open, case: updated } });
  },
  async deleteCase(id) {
    const title =
      get().caseList.find((c) => c.id === id)?.title ?? get().openCase?.case.title ?? '';
    await api.deleteCase({ id });
    if (get().openCase?.case.id === id) get().closeCase();
    set({ deletedCase: { id, title } });
    await get().loadCases();
  },
  async undoDelete() {
    const deleted = get().deletedCase;
    if (!deleted) return;
    await api.restoreCase({ id: deleted.id });
    set({ deletedCase: undefined });
    await get().loadCases();
  },
  async exportCase(id) {
    const bundle = await api.exportCase({ id, withOriginals: false });
    return {
      fileName: bundle.fileName,
      bytes: fromBase64(bundle.bundleBase64),
      warnings: bundle.warnings,
    };
  },
  async importCase(bytes) {
    try {
      const imported = await api.importCase({ bundleBase64: toBase64(bytes) });
      await get().loadCases();
      await get().openCaseById(imported.id);
    } catch (error) {
      set({ casesError: describeError(error) });
    }
  },
  async exportOpenCase() {
    const open = get().openCase;
    if (!open) return get().setCasesOpen(true);
    try {
      const bundle = await get().exportCase(open.case.id);
      downloadBytes(bundle.fileName, bundle.bytes, 'application/zip');
    } catch (error) {
      set({ casesError: describeError(error) });
    }
  },
  saveTarget() {
    if (!get().autoSaveRuns) return undefined;
    const open = get().openCase?.case;
    if (!open) return { caseId: null };
    const last = open.runs.at(-1);
    return get().followUp && last ? { caseId: open.id, followUpOf: last.id } : { caseId: open.id };
  },
  async afterAsk(caseId) {
    // The images of the run are in the viewer already.
    if (caseId) await get().openCaseById(caseId, { intoViewer: false });
  },
  setTeaching: (teaching) => set({ teaching }),
  quizScore: { right: 0, asked: 0 },
  recordQuizAnswer(right) {
    const { quizScore } = get();
    set({ quizScore: { right: quizScore.right + (right ? 1 : 0), asked: quizScore.asked + 1 } });
  },
  setCompare: (compare) => set({ compare }),
});
