import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelBox } from './placeLabels';

const box = (x: number, y: number, width = 40, height = 10): LabelBox => ({ x, y, width, height });
const overlap = (a: LabelBox, b: LabelBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('placeLabels', () => {
  it('leaves labels that do not touch where they asked to be', () => {
    const wanted = [box(0, 0), box(100, 0), box(0, 50)];
    expect(placeLabels(wanted)).toEqual(wanted);
  });

  it('moves the labels of overlapping measurements apart, the first one staying put', () => {
    // Three lengths ending at almost the same point: their labels ask for the same spot.
    const wanted = [box(50, 50), box(52, 51), box(49, 53)];
    const placed = placeLabels(wanted, { gap: 2 });
    expect(placed[0]).toEqual(wanted[0]);
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(overlap(placed[i]!, placed[j]!), `labels ${i} and ${j}`).toBe(false);
    // Moved by one label height (plus the gap) up or down, not across the image.
    for (const [i, p] of placed.entries()) {
      expect(Math.abs(p.x - wanted[i]!.x)).toBe(0);
      expect(Math.abs(p.y - wanted[i]!.y)).toBeLessThanOrEqual(12);
    }
    expect(placeLabels(wanted, { gap: 2 })).toEqual(placed);
  });

  it('keeps every label inside the image, even when its measurement sits at the edge', () => {
    const bounds = { width: 100, height: 40 };
    const placed = placeLabels([box(80, 35), box(85, 36), box(90, 30)], { bounds });
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + p.width).toBeLessThanOrEqual(100);
      expect(p.y + p.height).toBeLessThanOrEqual(40);
    }
    expect(overlap(placed[0]!, placed[1]!)).toBe(false);
    expect(overlap(placed[1]!, placed[2]!)).toBe(false);
    expect(overlap(placed[0]!, placed[2]!)).toBe(false);
  });
});
