import type { RefObject } from 'react';
import { formatMeasurement } from './formatMeasurement';
import type { MeasuredItem } from './measurementHistory';

/**
 * The measurements of a viewport, below the image so they never cover it:
 * click or Tab selects one, Delete removes only that one (Ctrl+Z brings it
 * back). Always there, so that a first measurement does not shift the image.
 */
export function MeasurementList({
  measurements,
  selected,
  onSelect,
  onRemove,
  image,
}: {
  measurements: MeasuredItem[];
  selected: number | undefined;
  onSelect: (id: number) => void;
  /** Removes one; returns the measurement selected next, if any. */
  onRemove: (id: number) => number | undefined;
  image: RefObject<HTMLElement | null>;
}) {
  if (measurements.length === 0)
    return <p className="measurement-list empty-list">No measurements (L, A, B, E)</p>;
  return (
    <ol className="measurement-list" aria-label="Measurements" data-testid="measurements">
      {measurements.map((m, i) => (
        <li key={m.id}>
          <button
            type="button"
            aria-pressed={selected === m.id}
            data-measurement-id={m.id}
            title="Select (click or Tab); Delete removes it; Ctrl+Z undoes"
            onClick={() => onSelect(m.id)}
            onFocus={() => onSelect(m.id)}
            onKeyDown={(event) => {
              if (event.key !== 'Delete' && event.key !== 'Backspace') return;
              event.preventDefault();
              const next = onRemove(m.id);
              // Focus follows the selection to the next measurement, or back to the image.
              requestAnimationFrame(() =>
                (
                  document.querySelector<HTMLElement>(`[data-measurement-id="${next}"]`) ??
                  image.current
                )?.focus(),
              );
            }}
          >
            <span className="measurement-number">{i + 1}</span> {formatMeasurement(m.measurement)}
          </button>
        </li>
      ))}
    </ol>
  );
}
