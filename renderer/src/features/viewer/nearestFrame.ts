import type { FrameRef } from '../studies/groupStudyItems';

/**
 * The index of the frame whose position along the slice normal is nearest to
 * `position` (mm), or -1 when no frame has a position. Ties keep the earlier
 * frame, so two viewports agree on where a scroll lands.
 */
export function nearestFrame(frames: readonly FrameRef[], position: number): number {
  let nearest = -1;
  let distance = Infinity;
  frames.forEach((f, i) => {
    if (f.position === undefined) return;
    const d = Math.abs(f.position - position);
    if (d < distance) {
      nearest = i;
      distance = d;
    }
  });
  return nearest;
}
