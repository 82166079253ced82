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
  type DicomImageInfo,
  type ParsedDicom,
} from '../../../../models/dicom/index';

/** A DS value with several numbers (backslash-separated, PS3.5 6.2). */
const numberList = (parsed: ParsedDicom, tag: string): number[] =>
  (parsed.dataSet.string(tag) ?? '')
    .split('\\')
    .filter((v) => v.trim() !== '')
    .map(Number)
    .filter(Number.isFinite);

/** One displayable frame of a series: a file and a frame in it. */
export interface FrameRef {
  itemId: string;
  frame: number;
  instanceNumber?: number;
  /** Image Position (Patient) along the series' slice normal, in mm: where synchronised scrolling aligns. */
  position?: number;
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
  /** Frame of Reference UID (0020,0052): series that share it can scroll together. */
  frameOfReferenceUID?: string;
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
  const infoById = new Map<string, DicomImageInfo>();
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
    infoById.set(item.id, info);
  }
  const { studies, rejected } = groupIntoSeries(images);
  for (const { id, error } of rejected) problems[id] = unreadableProblem(error);
  const series: SeriesGroup[] = [];
  const parsedById = new Map(images.map((i) => [i.id, i.parsed]));
  for (const study of studies) {
    for (const s of study.series) {
      const first = parsedById.get(s.instances[0]?.id ?? '');
      const topOrientation = first ? numberList(first, 'x00200037') : [];
      // An enhanced multi-frame object carries its plane in the functional groups
      // (PS3.3 C.7.6.16.2.4); readImageInfo gives frame 0's at the top level.
      const orientation =
        topOrientation.length === 6
          ? topOrientation
          : (infoById.get(s.instances[0]?.id ?? '')?.imageOrientationPatient ?? []);
      // The slice normal (PS3.3 C.7.6.2.1.1): row × column direction cosines.
      const normal =
        orientation.length === 6
          ? [
              orientation[1]! * orientation[5]! - orientation[2]! * orientation[4]!,
              orientation[2]! * orientation[3]! - orientation[0]! * orientation[5]!,
              orientation[0]! * orientation[4]! - orientation[1]! * orientation[3]!,
            ]
          : undefined;
      const along = (position: number[] | undefined) =>
        normal && position?.length === 3
          ? position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]!
          : undefined;
      series.push({
        key: `series:${study.studyInstanceUID}|${s.seriesInstanceUID}`,
        studyInstanceUID: study.studyInstanceUID,
        studyDescription: study.studyDescription,
        studyDate: study.studyDate,
        seriesInstanceUID: s.seriesInstanceUID,
        seriesNumber: s.seriesNumber,
        modality: s.modality,
        seriesDescription: s.seriesDescription,
        frameOfReferenceUID:
          first?.dataSet.string('x00200052')?.replace(/\0/g, '').trim() || undefined,
        frames: s.instances.flatMap((instance) => {
          // Each frame of an enhanced multi-frame object has its own Plane Position
          // (Patient) in the Per-frame Functional Groups (PS3.3 C.7.6.16.2.3): that,
          // not the file's one position, is where it lines up with a prior series.
          const perFrame = infoById.get(instance.id)?.frames;
          return Array.from({ length: Math.max(1, instance.numberOfFrames) }, (_, frame) => ({
            itemId: instance.id,
            frame,
            instanceNumber: instance.instanceNumber,
            position: along(perFrame?.[frame]?.imagePositionPatient ?? instance.imagePosition),
          }));
        }),
      });
    }
  }
  return { series, problems };
}
