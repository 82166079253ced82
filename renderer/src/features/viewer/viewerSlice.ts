import type { StateCreator } from 'zustand';
import type { AskImage, StudyContext } from '../../../../electron/common/schemas/ask';
import type { SeenImage } from '../../../../models/dicom/sr/buildReasoningSr';

/**
 * What the viewer offers the rest of the app: the displayed frame as the
 * model will see it (current window, capped size) and the study context used
 * for specialty routing. Set by whichever viewer is showing the image.
 */
export interface ViewerSlice {
  captureView?: () => Promise<AskImage>;
  studyContext?: StudyContext;
  /** The DICOM object and frame on screen, for the reasoning SR's image references. */
  dicomSource?: SeenImage;
  setViewerSource(source: {
    captureView?: () => Promise<AskImage>;
    studyContext?: StudyContext;
    dicomSource?: SeenImage;
  }): void;
}

export const createViewerSlice: StateCreator<ViewerSlice, [], [], ViewerSlice> = (set) => ({
  setViewerSource: ({ captureView, studyContext, dicomSource }) =>
    set({ captureView, studyContext, dicomSource }),
});
