import { describe, expect, it } from 'vitest';
import type { Measurement } from './formatMeasurement';
import { emptyHistory, measurementHistory, type HistoryAction } from './measurementHistory';

const length = (mm: number): Measurement => ({ tool: 'Length', length: mm, unit: 'mm' });
const run = (...actions: HistoryAction[]) => actions.reduce(measurementHistory, emptyHistory);
const shown = (h: ReturnType<typeof run>) => h.items.filter((m) => !m.removed).map((m) => m.id);

describe('measurementHistory', () => {
  const drawn: HistoryAction[] = [
    { type: 'report', id: 1, measurement: length(10), final: false },
    { type: 'report', id: 1, measurement: length(12), final: true },
    { type: 'report', id: 2, measurement: length(20), final: true },
    { type: 'report', id: 3, measurement: length(30), final: true },
  ];

  it('deletes only the selected measurement and selects the next one', () => {
    const h = run(...drawn, { type: 'select', id: 2 }, { type: 'remove', id: 2 });
    expect(shown(h)).toEqual([1, 3]);
    expect(h.selected).toBe(3);
  });

  it('undoes a deletion, then the drawing before it, and redoes both in order', () => {
    let h = run(...drawn, { type: 'remove', id: 2 });
    h = measurementHistory(h, { type: 'undo' });
    expect(shown(h)).toEqual([1, 2, 3]);
    expect(h.selected).toBe(2);
    h = measurementHistory(h, { type: 'undo' });
    expect(shown(h)).toEqual([1, 2]);
    h = measurementHistory(h, { type: 'redo' });
    expect(shown(h)).toEqual([1, 2, 3]);
    h = measurementHistory(h, { type: 'redo' });
    expect(shown(h)).toEqual([1, 3]);
    expect(measurementHistory(h, { type: 'redo' })).toBe(h);
  });

  it('counts a measurement once however often its values are reported, and a new one clears redo', () => {
    let h = run(...drawn);
    expect(h.undo).toHaveLength(3);
    expect(h.items.find((m) => m.id === 1)?.measurement).toEqual(length(12));
    h = measurementHistory(h, { type: 'undo' });
    h = measurementHistory(h, { type: 'report', id: 4, measurement: length(40), final: true });
    expect(h.redo).toEqual([]);
    expect(shown(h)).toEqual([1, 2, 4]);
  });
});
