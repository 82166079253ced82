import { useEffect } from 'react';
import { useAppStore } from '../../store/store';
import { DicomViewer } from './DicomViewer';

/**
 * Shows the selection in the cornerstone viewer: a DICOM series, or an
 * ordinary image (PNG/JPEG/WebP, decoded by the browser) with the same
 * tools; or why a DICOM file cannot be shown.
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
    if (problem) return <DicomProblem name={item.name} message={problem} />;
    return <DicomViewer key={item.id} frames={[{ itemId: item.id, frame: 0 }]} title={item.name} />;
  }
  return <DicomViewer key={item.id} frames={[{ itemId: item.id, frame: 0 }]} title={item.name} />;
}

function NoImage() {
  const setViewerSource = useAppStore((s) => s.setViewerSource);
  useEffect(() => setViewerSource({}), [setViewerSource]);
  return <div className="viewer-empty">No image open.</div>;
}

function DicomProblem({ name, message }: { name: string; message: string }) {
  const setViewerSource = useAppStore((s) => s.setViewerSource);
  useEffect(() => setViewerSource({}), [setViewerSource]);
  return (
    <div className="viewer-empty viewer-problem" data-state="error" role="alert">
      <strong>{name}</strong>: {message}
    </div>
  );
}
