import type { Affine } from '../../electron/common/schemas/regions';
import type { Orientation } from './orientPixels';

export type { Affine };

/** The map that changes nothing. */
export const IDENTITY_AFFINE: Affine = [1, 0, 0, 0, 1, 0];

/** (x, y) → (sx·x, sy·y): a resize from one pixel grid to another in continuous coordinates. */
export const scaleAffine = (sx: number, sy: number): Affine => [sx, 0, 0, 0, sy, 0];

/** `outer` after `inner`: p → outer(inner(p)). */
export function composeAffine(outer: Affine, inner: Affine): Affine {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [
    a * p + b * s,
    a * q + b * t,
    a * r + b * u + c,
    d * p + e * s,
    d * q + e * t,
    d * r + e * u + f,
  ];
}

/** The inverse map; throws for a degenerate one (it cannot come from a resize or a quarter turn). */
export function invertAffine([a, b, c, d, e, f]: Affine): Affine {
  const det = a * e - b * d;
  if (det === 0 || !Number.isFinite(det))
    throw new Error('invertAffine: the map is not invertible');
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}

export function applyAffine([a, b, c, d, e, f]: Affine, x: number, y: number): [number, number] {
  return [a * x + b * y + c, d * x + e * y + f];
}

/** A box [x1, y1, x2, y2] through the map: its corners mapped, then ordered (a quarter turn or a flip swaps them). */
export function mapBox(
  map: Affine,
  [x1, y1, x2, y2]: readonly [number, number, number, number],
): [number, number, number, number] {
  const [ax, ay] = applyAffine(map, x1, y1);
  const [bx, by] = applyAffine(map, x2, y2);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/**
 * What orientPixels does to coordinates, in continuous pixel coordinates
 * (pixel (i, j) covers [i, i+1) × [j, j+1)): from the `width` × `height`
 * source to the oriented image, flips first, then the clockwise quarter turns.
 */
export function orientationAffine(
  width: number,
  height: number,
  { rotation, hflip, vflip }: Orientation,
): Affine {
  const turns = ((Math.round(rotation / 90) % 4) + 4) % 4;
  const flip: Affine = [
    hflip ? -1 : 1,
    0,
    hflip ? width : 0,
    0,
    vflip ? -1 : 1,
    vflip ? height : 0,
  ];
  // (fx, fy) of the flipped image after `turns` clockwise quarter turns (as in orientPixels).
  const turn: Affine[] = [
    IDENTITY_AFFINE,
    [0, -1, height, 1, 0, 0],
    [-1, 0, width, 0, -1, height],
    [0, 1, 0, -1, 0, width],
  ];
  return composeAffine(turn[turns]!, flip);
}
