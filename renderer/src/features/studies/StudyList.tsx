import { useMemo, useRef, type KeyboardEvent } from 'react';
import type { ItemProblem } from './describeDicomProblem';
import { ENTRY_DRAG_TYPE } from '../viewer/viewerSlice';
import { useAppStore } from '../../store/store';
import { filesFromFolderInput } from './collectFiles';
import { readBrowserFiles } from './studiesSlice';
import { formatBytes } from '../../ui/formatBytes';
import { SeriesThumbnail } from './SeriesThumbnail';
import { describeSeries, studyEntries, type StudyEntry } from './studyEntries';

/** DA (YYYYMMDD, PS3.5 6.2) as YYYY-MM-DD. */
function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da;
}

function EntryText({
  entry,
  newStudy,
  problem,
}: {
  entry: StudyEntry;
  newStudy: boolean;
  problem?: ItemProblem;
}) {
  if (entry.kind === 'item') {
    return (
      <>
        <span className="item-name">{entry.item.name}</span>
        <span className="item-meta">
          {entry.item.kind.toUpperCase()} · {formatBytes(entry.item.size)}
          {problem ? (
            <span className={`item-problem ${problem.kind}`}>
              {problem.kind === 'unreadable' ? ' · cannot be read' : ' · not an image'}
            </span>
          ) : null}
        </span>
      </>
    );
  }
  const s = entry.series;
  return (
    <>
      {newStudy ? (
        <span className="item-study">
          {s.studyDescription || 'Study'}
          {s.studyDate ? ` · ${formatDate(s.studyDate)}` : ''}
        </span>
      ) : null}
      <span className="series-row">
        <SeriesThumbnail series={s} />
        <span className="series-text">
          <span className="item-name">
            {s.seriesNumber !== undefined ? `#${s.seriesNumber} ` : ''}
            {s.seriesDescription || 'Series'}
          </span>
          <span className="item-meta">{describeSeries(s)}</span>
        </span>
      </span>
    </>
  );
}

/** Studies and their series (DICOM), and ordinary images, as one listbox. */
export function StudyList() {
  const files = useAppStore((s) => s.items);
  const series = useAppStore((s) => s.series);
  const itemProblems = useAppStore((s) => s.itemProblems);
  const selectedId = useAppStore((s) => s.selectedId);
  const selectItem = useAppStore((s) => s.selectItem);
  const problems = useAppStore((s) => s.openProblems);
  const dismissProblems = useAppStore((s) => s.dismissProblems);
  const addFiles = useAppStore((s) => s.addFiles);
  const folderInput = useRef<HTMLInputElement>(null);
  const entries = useMemo(() => studyEntries(files, series), [files, series]);

  // A listbox: arrow keys move the selection (WAI-ARIA listbox pattern).
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = entries.findIndex((entry) => entry.key === selectedId);
    const next =
      entries[
        Math.min(entries.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))
      ];
    if (next) selectItem(next.key);
  };

  return (
    <div className="study-list">
      <div className="study-list-actions">
        <button type="button" onClick={() => folderInput.current?.click()}>
          Open folder…
        </button>
        <input
          ref={folderInput}
          type="file"
          hidden
          data-testid="folder-input"
          // Chromium's folder picker; React passes unknown lowercase attributes through.
          {...{ webkitdirectory: '' }}
          onChange={async (event) => {
            const files = filesFromFolderInput(event.currentTarget.files);
            event.currentTarget.value = '';
            if (files.length > 0) addFiles(await readBrowserFiles(files));
          }}
        />
      </div>
      {problems.length > 0 ? (
        <div className="problems" role="alert">
          <ul>
            {problems.map((p) => (
              <li key={p.name} title={`${p.name}: ${p.message}`}>
                <strong>{p.name}</strong>: {p.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={dismissProblems}>
            Dismiss
          </button>
        </div>
      ) : null}
      {entries.length === 0 ? (
        <p className="empty">Open DICOM files or images (Ctrl+O), or drop them on the window.</p>
      ) : (
        <ul
          role="listbox"
          aria-label="Opened images"
          tabIndex={0}
          aria-activedescendant={selectedId ? `item-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
        >
          {entries.map((entry, index) => {
            const previous = entries[index - 1];
            const newStudy =
              entry.kind === 'series' &&
              !(
                previous?.kind === 'series' &&
                previous.series.studyInstanceUID === entry.series.studyInstanceUID
              );
            return (
              <li
                key={entry.key}
                id={`item-${entry.key}`}
                role="option"
                aria-selected={entry.key === selectedId}
                className={entry.key === selectedId ? 'selected' : undefined}
                data-kind={entry.kind === 'series' ? 'series' : entry.item.kind}
                data-problem={entry.kind === 'item' ? itemProblems[entry.item.id]?.kind : undefined}
                onClick={() => selectItem(entry.key)}
                draggable
                onDragStart={(event) => {
                  event.dataTransfer.setData(ENTRY_DRAG_TYPE, entry.key);
                  event.dataTransfer.effectAllowed = 'copy';
                }}
              >
                <EntryText
                  entry={entry}
                  newStudy={newStudy}
                  problem={entry.kind === 'item' ? itemProblems[entry.item.id] : undefined}
                />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
