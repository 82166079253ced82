import type { RenderedFrame } from '../renderFrame';
import type { Pnm } from './dcmtk';

/** Largest per-channel difference between our render and a dcmtk PNM, plus how many samples differ. */
export function compareWithPnm(
  ours: RenderedFrame,
  theirs: Pnm,
): { maxDiff: number; differing: number } {
  if (ours.width !== theirs.width || ours.height !== theirs.height) {
    throw new Error(
      `size differs: ours ${ours.width}x${ours.height}, dcmtk ${theirs.width}x${theirs.height}`,
    );
  }
  let maxDiff = 0;
  let differing = 0;
  const pixels = ours.width * ours.height;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < theirs.channels; c++) {
      const d = Math.abs(ours.rgba[p * 4 + c]! - theirs.data[p * theirs.channels + c]!);
      if (d > 0) differing++;
      if (d > maxDiff) maxDiff = d;
    }
  }
  return { maxDiff, differing };
}
