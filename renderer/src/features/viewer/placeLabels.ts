/** A label's box in the image's or the canvas's pixels; x, y is its top-left corner. */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: LabelBox, b: LabelBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const clamp = (value: number, low: number, high: number) =>
  Math.max(low, Math.min(value, Math.max(low, high)));

/**
 * Places measurement labels so that none covers another. Labels are placed in
 * the order given: each at the spot it asks for when that is free, else at the
 * nearest free spot on a grid of label-sized steps around it (up and down
 * before sideways), inside `bounds` when given. Earlier labels never move for
 * later ones, so a new measurement does not shuffle the labels already read.
 * The same input always gives the same placement.
 */
export function placeLabels(
  wanted: readonly LabelBox[],
  { bounds, gap = 2 }: { bounds?: { width: number; height: number }; gap?: number } = {},
): LabelBox[] {
  const placed: LabelBox[] = [];
  const reach = wanted.length + 1;
  for (const box of wanted) {
    const fit = (x: number, y: number): LabelBox => ({
      ...box,
      x: bounds ? clamp(x, 0, bounds.width - box.width) : x,
      y: bounds ? clamp(y, 0, bounds.height - box.height) : y,
    });
    const stepX = box.width + gap;
    const stepY = box.height + gap;
    const offsets: Array<{ dx: number; dy: number; cost: number }> = [];
    for (let i = -reach; i <= reach; i++)
      for (let j = -reach; j <= reach; j++) {
        const dx = i * stepX;
        const dy = j * stepY;
        // Sideways steps cost more: a label beside its neighbour's reads as a list.
        offsets.push({ dx, dy, cost: (2 * dx) ** 2 + dy ** 2 });
      }
    // Stable sort: equal costs keep the generation order (up before down, left before right).
    offsets.sort((a, b) => a.cost - b.cost);
    let chosen = fit(box.x, box.y);
    for (const { dx, dy } of offsets) {
      const candidate = fit(box.x + dx, box.y + dy);
      if (!placed.some((p) => overlaps(p, candidate))) {
        chosen = candidate;
        break;
      }
    }
    placed.push(chosen);
  }
  return placed;
}
