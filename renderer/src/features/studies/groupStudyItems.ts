import {
  describeThrownForUser,
  noImageProblem,
  unreadableProblem,
  type ItemProblem,
} from './describeDicomProblem';
import {
  groupIntoSeries,
  parseDicom,
  readImageInfo,
  type ParsedDicom,
} from '../../../../models/dicom/index';

/** One displayable frame of a series: a file and a frame in it. */
export interface FrameRef {
  itemId: string;
  frame: number;
  instanceNumber?: number;
}

/** A DICOM series as the studies list shows it and the viewer stacks it. */
export interface SeriesGroup {
  /** Selection key, distinct from item ids. */
  key: string;
  studyInstanceUID: string;
  studyDescription?: string;
  studyDate?: string;
  seriesInstanceUID: string;
  seriesNumber?: number;
  modality?: string;
  seriesDescription?: string;
  /** Frames in display order (slice position, then Instance Number; every frame of a multi-frame file). */
  frames: FrameRef[];
}

const parsedCache = new Map<string, ParsedDicom | Error>();

/** Parses a DICOM item once; the data set is shared by the grouping, the viewer and the tag browser. */
export function parsedItem(item: { id: string; bytes: Uint8Array }): ParsedDicom | Error {
  let parsed = parsedCache.get(item.id);
  if (!parsed) {
    try {
      parsed = parseDicom(item.bytes);
    } catch (error) {
      parsed = new Error(describeThrownForUser(error));
    }
    parsedCache.set(item.id, parsed);
  }
  return parsed;
}

export const forgetParsedItem = (id: string) => parsedCache.delete(id);

/**
 * Groups the DICOM items into series (Study/Series Instance UID, ordered by
 * groupIntoSeries) and reports, per item, why one cannot be shown: corrupt
 * files and DICOM objects without an image (SR, presentation states).
 */
export function groupStudyItems(items: { id: string; kind: string; bytes: Uint8Array }[]): {
  series: SeriesGroup[];
  problems: Record<string, ItemProblem>;
} {
  const problems: Record<string, ItemProblem> = {};
  const images: { id: string; parsed: ParsedDicom }[] = [];
  for (const item of items) {
    if (item.kind !== 'dicom') continue;
    const parsed = parsedItem(item);
    if (parsed instanceof Error) {
      problems[item.id] = unreadableProblem(parsed.message);
      continue;
    }
    const info = readImageInfo(parsed);
    if (!info.isImage) {
      problems[item.id] = noImageProblem(
        info.sopClassName || info.sopClassUID || 'object of an unknown class',
      );
      continue;
    }
    // Known before any decoding: a codec the decoder lacks (PS3.5 Annex A
    // lists the transfer syntaxes) makes the file unreadable, not an image.
    if (parsed.transferSyntax.encoding === 'unsupported') {
      problems[item.id] = {
        kind: 'unreadable',
        message: `This file is compressed as ${parsed.transferSyntax.name}, which this app cannot decode yet, so it cannot be shown or sent to the model.`,
        detail: `Transfer Syntax UID ${parsed.transferSyntax.uid}`,
      };
      continue;
    }
    images.push({ id: item.id, parsed });
  }
  const { studies, rejected } = groupIntoSeries(images);
  for (const { id, error } of rejected) problems[id] = unreadableProblem(error);
  const series: SeriesGroup[] = [];
  for (const study of studies) {
    for (const s of study.series) {
      series.push({
        key: `series:${study.studyInstanceUID}|${s.seriesInstanceUID}`,
        studyInstanceUID: study.studyInstanceUID,
        studyDescription: study.studyDescription,
        studyDate: study.studyDate,
        seriesInstanceUID: s.seriesInstanceUID,
        seriesNumber: s.seriesNumber,
        modality: s.modality,
        seriesDescription: s.seriesDescription,
        frames: s.instances.flatMap((instance) =>
          Array.from({ length: Math.max(1, instance.numberOfFrames) }, (_, frame) => ({
            itemId: instance.id,
            frame,
            instanceNumber: instance.instanceNumber,
          })),
        ),
      });
    }
  }
  return { series, problems };
}
