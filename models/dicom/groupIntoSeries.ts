import { describeThrown } from './DicomError';
import { readNumberList, readString } from './internal/readValues';
import { parseDicom, type ParsedDicom } from './parseDicom';

export interface SeriesInstance {
  id: string;
  sopInstanceUID: string;
  instanceNumber?: number;
  imagePosition?: number[];
  numberOfFrames: number;
}

export interface Series {
  seriesInstanceUID: string;
  seriesNumber?: number;
  modality?: string;
  seriesDescription?: string;
  instances: SeriesInstance[];
}

export interface Study {
  studyInstanceUID: string;
  studyDescription?: string;
  studyDate?: string;
  series: Series[];
}

/**
 * Groups files into studies and series by Study/Series Instance UID and
 * orders each series: along the slice normal (Image Position projected on
 * the cross product of Image Orientation, PS3.3 C.7.6.2.1.1) when every
 * instance has both, else by Instance Number, else in input order. Files that
 * are not DICOM are returned in `rejected` with the reason.
 */
export function groupIntoSeries(
  files: { id: string; bytes?: Uint8Array; parsed?: ParsedDicom }[],
): {
  studies: Study[];
  rejected: { id: string; error: string }[];
} {
  const studies = new Map<
    string,
    Study & { seriesMap: Map<string, Series & { normal?: number[] }> }
  >();
  const rejected: { id: string; error: string }[] = [];
  for (const [index, file] of files.entries()) {
    let parsed: ParsedDicom;
    try {
      parsed = file.parsed ?? parseDicom(file.bytes ?? new Uint8Array());
    } catch (error) {
      rejected.push({ id: file.id, error: describeThrown(error) });
      continue;
    }
    const ds = parsed.dataSet;
    const studyUID = readString(ds, 'x0020000d') || `unknown-study-${index}`;
    const seriesUID = readString(ds, 'x0020000e') || `unknown-series-${studyUID}`;
    let study = studies.get(studyUID);
    if (!study) {
      study = {
        studyInstanceUID: studyUID,
        studyDescription: readString(ds, 'x00081030'),
        studyDate: readString(ds, 'x00080020'),
        series: [],
        seriesMap: new Map(),
      };
      studies.set(studyUID, study);
    }
    let series = study.seriesMap.get(seriesUID);
    if (!series) {
      series = {
        seriesInstanceUID: seriesUID,
        seriesNumber: ds.intString('x00200011'),
        modality: readString(ds, 'x00080060'),
        seriesDescription: readString(ds, 'x0008103e'),
        instances: [],
      };
      study.seriesMap.set(seriesUID, series);
    }
    const position = readNumberList(ds, 'x00200032');
    const orientation = readNumberList(ds, 'x00200037');
    if (orientation.length === 6 && !series.normal)
      series.normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
    series.instances.push({
      id: file.id,
      sopInstanceUID: readString(ds, 'x00080018') ?? '',
      instanceNumber: ds.intString('x00200013'),
      imagePosition: position.length === 3 ? position : undefined,
      numberOfFrames: ds.intString('x00280008') ?? 1,
    });
  }
  const result: Study[] = [];
  for (const { seriesMap, ...study } of studies.values()) {
    for (const { normal, ...series } of seriesMap.values()) {
      sortInstances(series.instances, normal);
      study.series.push(series);
    }
    study.series.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity));
    result.push(study);
  }
  return { studies: result, rejected };
}

function sortInstances(instances: SeriesInstance[], normal: number[] | undefined): void {
  const order = new Map(instances.map((inst, i) => [inst, i]));
  if (normal && instances.every((i) => i.imagePosition)) {
    const along = (i: SeriesInstance) => dot(i.imagePosition!, normal);
    instances.sort((a, b) => along(a) - along(b) || order.get(a)! - order.get(b)!);
  } else if (instances.every((i) => i.instanceNumber !== undefined)) {
    instances.sort(
      (a, b) => a.instanceNumber! - b.instanceNumber! || order.get(a)! - order.get(b)!,
    );
  }
}

const cross = (a: number[], b: number[]) => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];
const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
