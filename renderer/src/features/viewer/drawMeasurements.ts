import type { AskImage } from '../../../../electron/common/schemas/ask';
import { placeLabels, type LabelBox } from './placeLabels';
import { GLYPH_HEIGHT, rasterText, textWidth } from './pixelFont';

export interface Point {
  x: number;
  y: number;
}

/** One measurement as drawn into an image: its outline in the image's pixels and its label. */
export interface MeasurementMark {
  /** Corners of the line, angle, rectangle or sampled ellipse (continuous pixel coordinates). */
  points: Point[];
  /** The last point joins the first (rectangle, ellipse). */
  closed: boolean;
  /** "1 12.3 mm": the list's number and the value. */
  label: string;
}

type Rgb = readonly [number, number, number];
// Yellow on a black halo reads on any grey level, bright bone as dark lung.
const MARK: Rgb = [255, 221, 0];
const HALO: Rgb = [0, 0, 0];
const LABEL_BACKGROUND: Rgb = [0, 0, 0];

/** Line and font size: one pixel per 300 of the image's shorter side. */
const markScale = (width: number, height: number) =>
  Math.max(1, Math.round(Math.min(width, height) / 300));

/**
 * The image with its measurements drawn in: each outline in yellow on a black
 * halo, each label (number and value) in a dark box beside it, the labels
 * moved apart by placeLabels so none covers another, with a leader line where
 * a label had to move from its measurement. Lines and text grow with the
 * image so they stay legible at the model's size. Returns a new image; the
 * pixels given are not changed.
 */
export function drawMeasurements(image: AskImage, marks: readonly MeasurementMark[]): AskImage {
  const { width, height } = image;
  const rgb = Uint8Array.from(image.rgb);
  if (marks.length === 0) return { ...image, rgb };
  const scale = markScale(width, height);
  const set = (x: number, y: number, color: Rgb) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const at = (y * width + x) * 3;
    rgb[at] = color[0];
    rgb[at + 1] = color[1];
    rgb[at + 2] = color[2];
  };
  const square = (cx: number, cy: number, size: number, color: Rgb) => {
    const from = Math.round(cx - size / 2);
    const top = Math.round(cy - size / 2);
    for (let y = top; y < top + size; y++)
      for (let x = from; x < from + size; x++) set(x, y, color);
  };
  const segment = (a: Point, b: Point, size: number, color: Rgb) => {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y))));
    for (let i = 0; i <= steps; i++)
      square(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps, size, color);
  };
  const outline = (mark: MeasurementMark, size: number, color: Rgb) => {
    const pts = mark.closed ? [...mark.points, mark.points[0]!] : mark.points;
    for (let i = 1; i < pts.length; i++) segment(pts[i - 1]!, pts[i]!, size, color);
  };
  for (const mark of marks) {
    outline(mark, scale + 2, HALO);
    outline(mark, scale, MARK);
  }

  const { pad, anchors, wanted, boxes } = labelLayout(marks, width, height);
  boxes.forEach((box, i) => {
    const anchor = anchors[i]!;
    const moved = box.x !== wanted[i]!.x || box.y !== wanted[i]!.y;
    if (moved) {
      const edge = {
        x: Math.max(box.x, Math.min(anchor.x, box.x + box.width - 1)),
        y: Math.max(box.y, Math.min(anchor.y, box.y + box.height - 1)),
      };
      segment(anchor, edge, Math.max(1, scale - 1), MARK);
    }
    for (let y = box.y; y < box.y + box.height; y++)
      for (let x = box.x; x < box.x + box.width; x++) set(x, y, LABEL_BACKGROUND);
    rasterText(marks[i]!.label, box.x + pad, box.y + pad, scale, (x, y) => set(x, y, MARK));
  });
  return { ...image, rgb };
}

/**
 * Where the labels of `marks` go in a `width` × `height` image: each asks for
 * the spot right of its measurement's rightmost point (where the viewer shows
 * it), or left of it where the image ends first, then placeLabels moves them
 * apart.
 */
export function labelLayout(marks: readonly MeasurementMark[], width: number, height: number) {
  const scale = markScale(width, height);
  const pad = 2 * scale;
  const boxHeight = GLYPH_HEIGHT * scale + 2 * pad;
  const anchors = marks.map((m) =>
    m.points.reduce((best, p) => (p.x > best.x ? p : best), m.points[0] ?? { x: 0, y: 0 }),
  );
  const wanted: LabelBox[] = marks.map((m, i) => {
    const boxWidth = textWidth(m.label, scale) + 2 * pad;
    const right = Math.round(anchors[i]!.x + 3 * scale);
    // No room on the right (a measurement at the image's edge): the label goes left of it.
    const x = right + boxWidth > width ? Math.round(anchors[i]!.x - 3 * scale - boxWidth) : right;
    return { x, y: Math.round(anchors[i]!.y - boxHeight / 2), width: boxWidth, height: boxHeight };
  });
  const boxes = placeLabels(wanted, { bounds: { width, height }, gap: scale });
  return { pad, anchors, wanted, boxes };
}
