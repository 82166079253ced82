import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { readSrTree, readWaveform, type ParsedDicom } from '../../../../models/dicom/index';
import { parsedItem } from '../studies/groupStudyItems';
import { useAppStore } from '../../store/store';
import type { ItemProblem } from '../studies/describeDicomProblem';
import type { StudyItem } from '../studies/studiesSlice';
import { captureImageItem } from './captureForModel';
import { DicomViewer } from './DicomViewer';
import { SendToModelButton } from './SendToModelButton';
import { SrView } from './SrView';
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
 * Shows the selection: a DICOM series in the cornerstone viewer, an
 * ordinary image (PNG/JPEG/WebP) decoded by the browser, or why a DICOM file
 * cannot be shown.
 */
export function ViewerPane() {
  const selectedId = useAppStore((s) => s.selectedId);
  const series = useAppStore((s) => s.series.find((g) => g.key === s.selectedId));
  const item = useAppStore((s) => s.items.find((i) => i.id === s.selectedId));
  const problem = useAppStore((s) => (selectedId ? s.itemProblems[selectedId] : undefined));

  if (series) {
    const title = series.seriesDescription || series.studyDescription || 'DICOM series';
    return <DicomViewer key={series.key} frames={series.frames} title={title} />;
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
  return <ImageViewer item={item} />;
}

/** A DICOM object shown without an image (a report, a waveform): the question goes as text only. */
function NonImage({ render }: { render: () => ReactNode }) {
  const setViewerSource = useAppStore((s) => s.setViewerSource);
  useEffect(() => setViewerSource({}), [setViewerSource]);
  return <div className="non-image">{render()}</div>;
}

function NoImage() {
  const setViewerSource = useAppStore((s) => s.setViewerSource);
  useEffect(() => setViewerSource({}), [setViewerSource]);
  return <div className="viewer-empty">No image open.</div>;
}

function DicomProblem({ name, problem }: { name: string; problem: ItemProblem }) {
  const setViewerSource = useAppStore((s) => s.setViewerSource);
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

function ImageViewer({ item }: { item: StudyItem }) {
  const setViewerSource = useAppStore((s) => s.setViewerSource);
  const [size, setSize] = useState<{ id: string; width: number; height: number } | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const capture = useMemo(() => () => captureImageItem(item), [item]);

  useEffect(() => {
    setViewerSource({ captureView: capture });
    return () => setViewerSource({});
  }, [capture, setViewerSource]);

  const ready = size?.id === item.id;
  return (
    <figure
      className="viewer"
      data-state={failed === item.id ? 'error' : ready ? 'ready' : 'loading'}
    >
      <img
        key={item.id}
        src={item.objectUrl}
        alt={item.name}
        data-testid="viewer-image"
        onLoad={(e) =>
          setSize({
            id: item.id,
            width: e.currentTarget.naturalWidth,
            height: e.currentTarget.naturalHeight,
          })
        }
        onError={() => setFailed(item.id)}
      />
      <figcaption>
        {item.name}
        {ready ? ` · ${size.width}×${size.height}` : ''}
        {failed === item.id ? ' · this image could not be decoded' : ''}
        {ready ? <SendToModelButton /> : null}
      </figcaption>
    </figure>
  );
}
