import { useAppStore } from '../../store/store';
import type { KeyboardEvent } from 'react';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function StudyList() {
  const items = useAppStore((s) => s.items);
  const selectedId = useAppStore((s) => s.selectedId);
  const selectItem = useAppStore((s) => s.selectItem);
  const problems = useAppStore((s) => s.openProblems);
  const dismissProblems = useAppStore((s) => s.dismissProblems);

  // A listbox: arrow keys move the selection (WAI-ARIA listbox pattern).
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = items.findIndex((item) => item.id === selectedId);
    const next =
      items[Math.min(items.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) selectItem(next.id);
  };

  return (
    <div className="study-list">
      {problems.length > 0 ? (
        <div className="problems" role="alert">
          <ul>
            {problems.map((p) => (
              <li key={p.name}>
                <strong>{p.name}</strong>: {p.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={dismissProblems}>
            Dismiss
          </button>
        </div>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">Open DICOM files or images (Ctrl+O), or drop them on the window.</p>
      ) : (
        <ul
          role="listbox"
          aria-label="Opened images"
          tabIndex={0}
          aria-activedescendant={selectedId ? `item-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
        >
          {items.map((item) => (
            <li
              key={item.id}
              id={`item-${item.id}`}
              role="option"
              aria-selected={item.id === selectedId}
              className={item.id === selectedId ? 'selected' : undefined}
              onClick={() => selectItem(item.id)}
            >
              <span className="item-name">{item.name}</span>
              <span className="item-meta">
                {item.kind.toUpperCase()} · {formatSize(item.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
