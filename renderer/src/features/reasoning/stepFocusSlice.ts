import type { StateCreator } from 'zustand';

/**
 * Which step the user points at, linking the steps to the boxes they drew
 * (issue #16 item 3): hovering a step highlights its boxes on the image,
 * clicking a box selects its step (the step list scrolls to it). Keys are
 * reasoningSlice's stepKey.
 */
export interface StepFocusSlice {
  hoveredStep?: string;
  selectedStep?: string;
  /** Bumped by every selection, so picking the same step again scrolls to it again. */
  stepSelections: number;
  hoverStep(key: string | undefined): void;
  selectStep(key: string | undefined): void;
}

export const createStepFocusSlice: StateCreator<StepFocusSlice, [], [], StepFocusSlice> = (
  set,
  get,
) => ({
  stepSelections: 0,
  hoverStep: (hoveredStep) => set({ hoveredStep }),
  selectStep: (selectedStep) => set({ selectedStep, stepSelections: get().stepSelections + 1 }),
});
