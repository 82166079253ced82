import type { Measurement } from './formatMeasurement';

export interface MeasuredItem {
  id: number;
  measurement: Measurement;
  /** The gesture that drew it has ended. */
  final: boolean;
  /** Deleted (still kept, so undo can put it back). */
  removed: boolean;
}

type Operation = { kind: 'add' | 'remove'; id: number };

/** The measurements of a viewport with their undo and redo history and the selected one. */
export interface MeasurementHistory {
  items: MeasuredItem[];
  undo: Operation[];
  redo: Operation[];
  selected?: number;
}

export type HistoryAction =
  | { type: 'report'; id: number; measurement: Measurement; final: boolean }
  | { type: 'select'; id: number | undefined }
  | { type: 'remove'; id: number }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'clear' };

export const emptyHistory: MeasurementHistory = { items: [], undo: [], redo: [] };

const setRemoved = (items: MeasuredItem[], id: number, removed: boolean) =>
  items.map((m) => (m.id === id ? { ...m, removed } : m));

/** Applies an operation forwards (`add` shows, `remove` hides) or backwards. */
function apply(items: MeasuredItem[], op: Operation, backwards: boolean): MeasuredItem[] {
  return setRemoved(items, op.id, (op.kind === 'remove') !== backwards);
}

/**
 * Drawing a measurement and deleting one are the undoable operations; edits
 * of a measurement's handles are reported in place and are not.
 */
export function measurementHistory(
  history: MeasurementHistory,
  action: HistoryAction,
): MeasurementHistory {
  switch (action.type) {
    case 'report': {
      const existing = history.items.find((m) => m.id === action.id);
      if (!existing)
        return {
          ...history,
          items: [...history.items, { ...action, removed: false }],
          ...(action.final
            ? { undo: [...history.undo, { kind: 'add', id: action.id }], redo: [] }
            : {}),
        };
      const becameFinal = action.final && !existing.final;
      return {
        ...history,
        items: history.items.map((m) =>
          m.id === action.id
            ? { ...m, measurement: action.measurement, final: m.final || action.final }
            : m,
        ),
        ...(becameFinal
          ? { undo: [...history.undo, { kind: 'add', id: action.id }], redo: [] }
          : {}),
      };
    }
    case 'select':
      return { ...history, selected: action.id };
    case 'remove': {
      const target = history.items.find((m) => m.id === action.id && !m.removed);
      if (!target) return history;
      const op: Operation = { kind: 'remove', id: action.id };
      const items = apply(history.items, op, false);
      // The next measurement in the list takes the selection, so Delete can go on.
      const visible = history.items.filter((m) => !m.removed);
      const at = visible.findIndex((m) => m.id === action.id);
      const next = visible[at + 1] ?? visible[at - 1];
      return { items, undo: [...history.undo, op], redo: [], selected: next?.id };
    }
    case 'undo': {
      const op = history.undo[history.undo.length - 1];
      if (!op) return history;
      return {
        items: apply(history.items, op, true),
        undo: history.undo.slice(0, -1),
        redo: [...history.redo, op],
        selected: op.kind === 'remove' ? op.id : undefined,
      };
    }
    case 'redo': {
      const op = history.redo[history.redo.length - 1];
      if (!op) return history;
      return {
        items: apply(history.items, op, false),
        undo: [...history.undo, op],
        redo: history.redo.slice(0, -1),
        selected: op.kind === 'add' ? op.id : undefined,
      };
    }
    case 'clear':
      return emptyHistory;
  }
}
