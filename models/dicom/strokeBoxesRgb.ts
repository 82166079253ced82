/** A box to draw, in continuous pixel coordinates of the image ((0, 0) is the top-left corner). */
export interface StrokedBox {
  box: readonly [number, number, number, number];
  /** Drawn as a cross of `POINT_ARM` pixels each way instead of a rectangle. */
  point?: boolean;
}

/** Half the length of a point's cross, in image pixels. */
const POINT_ARM = 4;

/**
 * A copy of packed 8-bit RGB with rectangle outlines (and crosses for
 * points) burned in, `thickness` pixels wide inside the box's edge and
 * clipped to the image: for exports, which embed a plain picture (Markdown)
 * and cannot overlay. The pixels the model saw are never changed in place.
 */
export function strokeBoxesRgb(
  image: { width: number; height: number; rgb: Uint8Array },
  boxes: readonly StrokedBox[],
  {
    color = [255, 197, 61],
    thickness = 2,
  }: { color?: readonly [number, number, number]; thickness?: number } = {},
): Uint8Array<ArrayBuffer> {
  const { width, height } = image;
  const out = Uint8Array.from(image.rgb);
  const fill = (x0: number, y0: number, x1: number, y1: number) => {
    const xa = Math.max(0, Math.floor(x0));
    const ya = Math.max(0, Math.floor(y0));
    const xb = Math.min(width, Math.ceil(x1));
    const yb = Math.min(height, Math.ceil(y1));
    for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) out.set(color, (y * width + x) * 3);
  };
  for (const { box, point } of boxes) {
    const [x1, y1, x2, y2] = box;
    if (point) {
      fill(x1 - POINT_ARM, y1 - thickness / 2, x1 + POINT_ARM, y1 + thickness / 2);
      fill(x1 - thickness / 2, y1 - POINT_ARM, x1 + thickness / 2, y1 + POINT_ARM);
      continue;
    }
    const t = Math.max(1, Math.min(thickness, (x2 - x1) / 2, (y2 - y1) / 2));
    fill(x1, y1, x2, y1 + t);
    fill(x1, y2 - t, x2, y2);
    fill(x1, y1, x1 + t, y2);
    fill(x2 - t, y1, x2, y2);
  }
  return out;
}
