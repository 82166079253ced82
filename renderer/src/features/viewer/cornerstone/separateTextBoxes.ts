import * as cornerstone from 'cornerstone-core';
import { placeLabels } from '../placeLabels';

/** The text box cornerstone-tools keeps in a measurement's handles; boundingBox is set when drawn. */
interface TextBox {
  x: number;
  y: number;
  hasMoved: boolean;
  boundingBox?: { left: number; top: number; width: number; height: number };
}

/** A measurement's text box, if its data has one. */
export function textBoxOf(data: Record<string, unknown>): TextBox | undefined {
  const handles = data.handles as { textBox?: unknown } | undefined;
  const box = handles?.textBox as Partial<TextBox> | undefined;
  return typeof box?.x === 'number' && typeof box.y === 'number' ? (box as TextBox) : undefined;
}

/**
 * Moves the labels (text boxes) of the measurements on the image apart where
 * they overlap on screen, with placeLabels: the older measurement's label
 * stays, the newer one steps aside and cornerstone-tools links it to its
 * measurement with a dashed line (a text box that `hasMoved`). Returns
 * whether any moved, so the caller draws again.
 */
export function separateTextBoxes(
  element: HTMLElement,
  measurements: readonly Record<string, unknown>[],
): boolean {
  const boxes = measurements.flatMap((data) => {
    const box = textBoxOf(data);
    return box?.boundingBox
      ? [box as TextBox & { boundingBox: NonNullable<TextBox['boundingBox']> }]
      : [];
  });
  if (boxes.length < 2) return false;
  const placed = placeLabels(
    boxes.map(({ boundingBox: b }) => ({ x: b.left, y: b.top, width: b.width, height: b.height })),
    { bounds: { width: element.clientWidth, height: element.clientHeight }, gap: 3 },
  );
  let moved = false;
  placed.forEach((p, i) => {
    const box = boxes[i]!;
    const dx = p.x - box.boundingBox.left;
    const dy = p.y - box.boundingBox.top;
    if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) return;
    // The box is drawn at its anchor's canvas point plus a fixed offset: move the anchor as far.
    const anchor = cornerstone.pixelToCanvas(element, box);
    const next = cornerstone.canvasToPixel(element, { x: anchor.x + dx, y: anchor.y + dy });
    box.x = next.x;
    box.y = next.y;
    box.hasMoved = true;
    box.boundingBox = { ...box.boundingBox, left: p.x, top: p.y };
    moved = true;
  });
  return moved;
}
