import { describe, expect, it } from 'vitest';
import type { MeasuredItem } from './measurementHistory';
import { measurementMarks } from './measurementMarks';

const length = (id: number, mm: number, removed = false): MeasuredItem => ({
  id,
  measurement: { tool: 'Length', length: mm, unit: 'mm' },
  final: true,
  removed,
});

describe('measurementMarks', () => {
  it('numbers the labels as the list does, leaves deleted ones out and follows the view', () => {
    const listed = [length(4, 10), length(7, 22.25)].filter((m) => !m.removed);
    const marks = measurementMarks(
      [
        {
          id: 7,
          points: [
            { x: 0, y: 0 },
            { x: 100, y: 0 },
          ],
          closed: false,
        },
        { id: 9, points: [{ x: 1, y: 1 }], closed: false },
      ],
      listed,
      {
        source: { width: 200, height: 100 },
        // A quarter turn clockwise, then halved to the model's size.
        orientation: { rotation: 90, hflip: false, vflip: false },
        target: { width: 50, height: 100 },
      },
    );
    expect(marks).toEqual([
      {
        points: [
          { x: 50, y: 0 },
          { x: 50, y: 50 },
        ],
        closed: false,
        label: '2 22.3 mm',
      },
    ]);
  });
});
