import type { StateCreator } from 'zustand';
import type { AskImage, StudyContext } from '../../../../electron/common/schemas/ask';

/**
 * What the viewer offers the rest of the app: the displayed frame as the
 * model will see it (current window, capped size) and the study context used
 * for specialty routing. Set by whichever viewer is showing the image.
 */
export interface ViewerSlice {
  captureView?: () => Promise<AskImage>;
  studyContext?: StudyContext;
  setViewerSource(source: {
    captureView?: () => Promise<AskImage>;
    studyContext?: StudyContext;
  }): void;
}

export const createViewerSlice: StateCreator<ViewerSlice, [], [], ViewerSlice> = (set) => ({
  setViewerSource: ({ captureView, studyContext }) => set({ captureView, studyContext }),
});
