import { useEffect, type ReactNode } from 'react';
import { readSrTree, readWaveform, type ParsedDicom } from '../../../../models/dicom/index';
import { parsedItem } from '../studies/groupStudyItems';
import { useAppStore } from '../../store/store';
import type { ItemProblem } from '../studies/describeDicomProblem';
import { DicomViewer } from './DicomViewer';
import { SrView } from './SrView';
import { ENTRY_DRAG_TYPE, LAYOUTS } from './viewerSlice';
import { useSetViewerSource, ViewportContext } from './viewportContext';
import { WaveformView } from './WaveformView';

/** A waveform that cannot be read leaves the "holds no image" message in place. */
function readWaveformSafely(parsed: ParsedDicom) {
  try {
    return readWaveform(parsed);
  } catch {
    return undefined;
  }
}

/**
 * The viewer: one viewport, or 1×2 / 2×2 with a series each. The active
 * viewport shows the studies list's selection; a series dragged from the list
 * onto a viewport goes there.
 */
export function ViewerPane() {
  const layout = useAppStore((s) => s.layout);
  const viewports = useAppStore((s) => s.viewports);
  const active = useAppStore((s) => s.activeViewport);
  const selectedId = useAppStore((s) => s.selectedId);
  const assignViewport = useAppStore((s) => s.assignViewport);
  const setActiveViewport = useAppStore((s) => s.setActiveViewport);
  const selectItem = useAppStore((s) => s.selectItem);
  const count = LAYOUTS[layout];
  if (count === 1)
    return (
      <ViewportContext.Provider value={{ index: 0, active: true }}>
        <ViewerCell entryKey={selectedId} />
      </ViewportContext.Provider>
    );
  const keyOf = (i: number) => (i === active ? selectedId : viewports[i]);
  const activate = (i: number) => {
    if (i === active) return;
    // The active viewport keeps what it showed; the new one's series becomes the selection.
    assignViewport(active, selectedId);
    setActiveViewport(i);
    const next = viewports[i];
    if (next) selectItem(next);
  };
  return (
    <div className={`viewer-grid layout-${layout}`} data-layout={layout}>
      {Array.from({ length: count }, (_, i) => (
        <div
          key={i}
          className="viewer-cell"
          data-active={i === active}
          data-testid={`viewport-${i + 1}`}
          onPointerDownCapture={() => activate(i)}
          onFocusCapture={() => activate(i)}
          onDragOver={(event) => {
            if (!event.dataTransfer.types.includes(ENTRY_DRAG_TYPE)) return;
            event.preventDefault();
            event.stopPropagation();
          }}
          onDrop={(event) => {
            const key = event.dataTransfer.getData(ENTRY_DRAG_TYPE);
            if (!key) return;
            event.preventDefault();
            event.stopPropagation();
            if (i === active) selectItem(key);
            else assignViewport(i, key);
          }}
        >
          <ViewportContext.Provider value={{ index: i, active: i === active }}>
            <ViewerCell entryKey={keyOf(i)} />
          </ViewportContext.Provider>
        </div>
      ))}
    </div>
  );
}

/**
 * Shows one entry: a DICOM series in the cornerstone viewer, an ordinary
 * image (PNG/JPEG/WebP) in the same viewer with the same tools, a report or waveform, or why
 * a DICOM file cannot be shown.
 */
function ViewerCell({ entryKey }: { entryKey: string | undefined }) {
  const series = useAppStore((s) => s.series.find((g) => g.key === entryKey));
  const item = useAppStore((s) => s.items.find((i) => i.id === entryKey));
  const problem = useAppStore((s) => (entryKey ? s.itemProblems[entryKey] : undefined));

  if (series) {
    const title = series.seriesDescription || series.studyDescription || 'DICOM series';
    return (
      <DicomViewer
        key={series.key}
        frames={series.frames}
        title={title}
        frameOfReferenceUID={series.frameOfReferenceUID}
      />
    );
  }
  if (!item) return <NoImage />;
  if (item.kind === 'dicom') {
    if (problem?.kind === 'no-image') {
      const parsed = parsedItem(item);
      const sr = parsed instanceof Error ? undefined : readSrTree(parsed);
      if (sr) return <NonImage render={() => <SrView name={item.name} document={sr} />} />;
      const waveform = parsed instanceof Error ? undefined : readWaveformSafely(parsed);
      if (waveform)
        return <NonImage render={() => <WaveformView name={item.name} groups={waveform} />} />;
    }
    if (problem) return <DicomProblem name={item.name} problem={problem} />;
    return <DicomViewer key={item.id} frames={[{ itemId: item.id, frame: 0 }]} title={item.name} />;
  }
  return <DicomViewer key={item.id} frames={[{ itemId: item.id, frame: 0 }]} title={item.name} />;
}

/** A DICOM object shown without an image (a report, a waveform): the question goes as text only. */
function NonImage({ render }: { render: () => ReactNode }) {
  const setViewerSource = useSetViewerSource();
  useEffect(() => setViewerSource({}), [setViewerSource]);
  return <div className="non-image">{render()}</div>;
}

function NoImage() {
  const setViewerSource = useSetViewerSource();
  useEffect(() => setViewerSource({}), [setViewerSource]);
  return <div className="viewer-empty">No image open.</div>;
}

function DicomProblem({ name, problem }: { name: string; problem: ItemProblem }) {
  const setViewerSource = useSetViewerSource();
  const unreadable = problem.kind === 'unreadable' ? name : undefined;
  useEffect(() => setViewerSource({ unreadable }), [setViewerSource, unreadable]);
  return (
    <div
      className="viewer-empty viewer-problem"
      data-state="error"
      data-problem={problem.kind}
      role="alert"
    >
      <p>
        <strong>{name}</strong>: {problem.message}
      </p>
      {problem.detail ? (
        <details>
          <summary>Details</summary>
          <code>{problem.detail}</code>
        </details>
      ) : null}
    </div>
  );
}
