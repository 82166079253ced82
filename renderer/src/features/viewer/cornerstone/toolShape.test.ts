import { describe, expect, it } from 'vitest';
import { toolShape } from './toolShape';

const handles = (points: Record<string, { x: number; y: number }>) => ({
  handles: { ...points, textBox: { x: 0, y: 0, hasMoved: false } },
});

describe('toolShape', () => {
  it('reads a length as its line and an angle as its two arms', () => {
    expect(toolShape('Length', handles({ start: { x: 1, y: 2 }, end: { x: 5, y: 6 } }))).toEqual({
      points: [
        { x: 1, y: 2 },
        { x: 5, y: 6 },
      ],
      closed: false,
    });
    const angle = toolShape(
      'Angle',
      handles({ start: { x: 0, y: 0 }, middle: { x: 4, y: 4 }, end: { x: 8, y: 0 } }),
    );
    expect(angle?.points.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [4, 4],
      [8, 0],
    ]);
  });

  it('closes a rectangle on its four corners and samples an ellipse inside the handles box', () => {
    const rect = toolShape(
      'RectangleRoi',
      handles({ start: { x: 2, y: 3 }, end: { x: 10, y: 7 } }),
    );
    expect(rect?.closed).toBe(true);
    expect(rect?.points.map((p) => [p.x, p.y])).toEqual([
      [2, 3],
      [10, 3],
      [10, 7],
      [2, 7],
    ]);
    const ellipse = toolShape(
      'EllipticalRoi',
      handles({ start: { x: 0, y: 0 }, end: { x: 20, y: 10 } }),
    );
    expect(ellipse?.closed).toBe(true);
    const xs = ellipse!.points.map((p) => p.x);
    const ys = ellipse!.points.map((p) => p.y);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([0, 20]);
    expect(Math.min(...ys)).toBeCloseTo(0, 1);
    expect(Math.max(...ys)).toBeCloseTo(10, 1);
  });

  it('reads nothing from data without handles or from an unknown tool', () => {
    expect(toolShape('Length', {})).toBeUndefined();
    expect(
      toolShape('Angle', handles({ start: { x: 0, y: 0 }, end: { x: 1, y: 1 } })),
    ).toBeUndefined();
    expect(
      toolShape('Probe', handles({ start: { x: 0, y: 0 }, end: { x: 1, y: 1 } })),
    ).toBeUndefined();
  });
});
