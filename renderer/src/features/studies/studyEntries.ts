import type { SeriesGroup } from './groupStudyItems';
import type { StudyItem } from './studiesSlice';

/** A row of the studies list: a DICOM series, or a file shown on its own (an image, or a DICOM file that cannot be shown). */
export type StudyEntry =
  | { key: string; kind: 'series'; series: SeriesGroup }
  | { key: string; kind: 'item'; item: StudyItem };

/** List rows in display order: series grouped by study, then the other files in the order they were opened. */
export function studyEntries(items: StudyItem[], series: SeriesGroup[]): StudyEntry[] {
  const inSeries = new Set(series.flatMap((s) => s.frames.map((f) => f.itemId)));
  return [
    ...series.map((s) => ({ key: s.key, kind: 'series' as const, series: s })),
    ...items
      .filter((item) => !inSeries.has(item.id))
      .map((item) => ({ key: item.id, kind: 'item' as const, item })),
  ];
}

/** "CT · 5 images" style summary of a series. */
export function describeSeries(series: SeriesGroup): string {
  const files = new Set(series.frames.map((f) => f.itemId)).size;
  const frames = series.frames.length;
  const count =
    frames === files
      ? `${frames} image${frames === 1 ? '' : 's'}`
      : `${files} file${files === 1 ? '' : 's'}, ${frames} frames`;
  return [series.modality, count].filter(Boolean).join(' · ');
}
