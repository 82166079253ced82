import type { Orientation } from '../../../../models/dicom/index';
import type { Point } from './drawMeasurements';

/**
 * Where a point of the frame (continuous pixel coordinates, as cornerstone
 * keeps measurement handles) lands in the image the model gets: the viewer's
 * flips, then its clockwise quarter turns, exactly as models/dicom
 * orientPixels moves whole pixels, then the scaling to `width` × `height`
 * (modelPixels' size cap).
 */
export function viewPoint(
  p: Point,
  source: { width: number; height: number },
  { rotation, hflip, vflip }: Orientation,
  target: { width: number; height: number },
): Point {
  const { width: w, height: h } = source;
  const fx = hflip ? w - p.x : p.x;
  const fy = vflip ? h - p.y : p.y;
  const turns = ((Math.round(rotation / 90) % 4) + 4) % 4;
  let x = fx;
  let y = fy;
  if (turns === 1) [x, y] = [h - fy, fx];
  else if (turns === 2) [x, y] = [w - fx, h - fy];
  else if (turns === 3) [x, y] = [fy, w - fx];
  const orientedWidth = turns % 2 === 0 ? w : h;
  const orientedHeight = turns % 2 === 0 ? h : w;
  return { x: (x * target.width) / orientedWidth, y: (y * target.height) / orientedHeight };
}
