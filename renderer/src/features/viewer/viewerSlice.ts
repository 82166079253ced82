import type { StateCreator } from 'zustand';
import type { AskImage, StudyContext } from '../../../../electron/common/schemas/ask';

/**
 * What the viewer offers the rest of the app: the displayed frame as the
 * model will see it (current window, capped size) and the study context used
 * for specialty routing. Set by whichever viewer is showing the image.
 */
export interface ViewerSource {
  captureView?: () => Promise<AskImage>;
  studyContext?: StudyContext;
  /** The name of the file in the viewer when it cannot be read: the question then goes as text only. */
  unreadable?: string;
}

export interface ViewerSlice extends ViewerSource {
  setViewerSource(source: ViewerSource): void;
}

export const createViewerSlice: StateCreator<ViewerSlice, [], [], ViewerSlice> = (set) => ({
  setViewerSource: ({ captureView, studyContext, unreadable }) =>
    set({ captureView, studyContext, unreadable }),
});
