import type { StateCreator } from 'zustand';
import type { AskImage, StudyContext } from '../../../../electron/common/schemas/ask';
import type { SeenImage } from '../../../../models/dicom/sr/buildReasoningSr';

/**
 * What the viewer offers the rest of the app: the displayed frame as the
 * model will see it (current window, capped size) and the study context used
 * for specialty routing. Set by whichever viewer is showing the image.
 */
export interface ViewerSource {
  captureView?: () => Promise<AskImage>;
  /** The size captureView's image will have, for the prompt estimate before it is taken. */
  captureSize?: { width: number; height: number };
  studyContext?: StudyContext;
  /** The name of the file in the viewer when it cannot be read: the question then goes as text only. */
  unreadable?: string;
  /** The DICOM object and frame on screen, for the reasoning SR's image references. */
  dicomSource?: SeenImage;
}

/** The MIME type of a studies-list entry dragged onto a viewport. */
export const ENTRY_DRAG_TYPE = 'application/x-mmx-entry';

export const LAYOUTS = { '1x1': 1, '1x2': 2, '2x2': 4 } as const;
export type ViewerLayout = keyof typeof LAYOUTS;

/** A viewport scrolled to a position in a frame of reference; the others with the same one follow. */
export interface SyncEvent {
  frameOfReferenceUID: string;
  position: number;
  from: number;
  seq: number;
}

export interface ViewerSlice extends ViewerSource {
  setViewerSource(source: ViewerSource): void;
  layout: ViewerLayout;
  /**
   * What each viewport shows (a series key or item id); the active one shows
   * the studies list's selection instead of its entry here.
   */
  viewports: Array<string | undefined>;
  activeViewport: number;
  setLayout(layout: ViewerLayout): void;
  assignViewport(index: number, key: string | undefined): void;
  setActiveViewport(index: number): void;
  syncScroll: boolean;
  setSyncScroll(on: boolean): void;
  /** Measurements are drawn into the image sent to the model (on unless the user turns it off). */
  sendMeasurements: boolean;
  setSendMeasurements(on: boolean): void;
  syncEvent?: SyncEvent;
  publishSync(event: Omit<SyncEvent, 'seq'>): void;
}

let syncSeq = 0;

export const createViewerSlice: StateCreator<ViewerSlice, [], [], ViewerSlice> = (set, get) => ({
  setViewerSource: ({ captureView, captureSize, studyContext, unreadable, dicomSource }) =>
    set({ captureView, captureSize, studyContext, unreadable, dicomSource }),
  layout: '1x1',
  viewports: [],
  activeViewport: 0,
  setLayout: (layout) =>
    set({
      layout,
      activeViewport: Math.min(get().activeViewport, LAYOUTS[layout] - 1),
    }),
  assignViewport: (index, key) => {
    const viewports = [...get().viewports];
    viewports[index] = key;
    set({ viewports });
  },
  setActiveViewport: (activeViewport) => set({ activeViewport }),
  syncScroll: true,
  setSyncScroll: (syncScroll) => set({ syncScroll }),
  sendMeasurements: true,
  setSendMeasurements: (sendMeasurements) => set({ sendMeasurements }),
  publishSync: (event) => set({ syncEvent: { ...event, seq: ++syncSeq } }),
});
