import type { DataSet } from '../parseDicom';
import { readNumberList, readString } from './readValues';

/** The per-frame values of an enhanced multi-frame object that the display pipeline and `info` use. */
export interface FrameAttributes {
  rescaleSlope?: number;
  rescaleIntercept?: number;
  windowCenter?: number[];
  windowWidth?: number[];
  voiLutFunction?: string;
  pixelSpacing?: number[];
  sliceThickness?: number;
  imagePositionPatient?: number[];
  imageOrientationPatient?: number[];
}

const SHARED = 'x52009229';
const PER_FRAME = 'x52009230';

/** The first item's data set of sequence `tag` in `ds`. */
const firstItem = (ds: DataSet | undefined, tag: string): DataSet | undefined =>
  ds?.elements[tag]?.items?.[0]?.dataSet;

const list = (ds: DataSet | undefined, tag: string): number[] | undefined => {
  if (!ds) return undefined;
  const values = readNumberList(ds, tag);
  return values.length > 0 ? values : undefined;
};

/** Reads the functional group macros of one item of the Shared or Per-frame sequence (PS3.3 C.7.6.16). */
function readGroups(item: DataSet | undefined): FrameAttributes {
  if (!item) return {};
  const out: FrameAttributes = {};
  // Pixel Value Transformation (0028,9145), C.7.6.16.2.9; CT and MR carry it for the modality LUT.
  const transform = firstItem(item, 'x00289145');
  const slope = list(transform, 'x00281053')?.[0];
  const intercept = list(transform, 'x00281052')?.[0];
  if (slope !== undefined && slope !== 0) out.rescaleSlope = slope;
  if (intercept !== undefined) out.rescaleIntercept = intercept;
  // Frame VOI LUT (0028,9132), C.7.6.16.2.10.
  const voi = firstItem(item, 'x00289132');
  const center = list(voi, 'x00281050');
  const width = list(voi, 'x00281051');
  if (center && width) {
    out.windowCenter = center;
    out.windowWidth = width;
  }
  const fn = voi ? readString(voi, 'x00281056') : undefined;
  if (fn) out.voiLutFunction = fn.toUpperCase();
  // Pixel Measures (0028,9110), C.7.6.16.2.1.
  const measures = firstItem(item, 'x00289110');
  const spacing = list(measures, 'x00280030');
  if (spacing && spacing.length === 2) out.pixelSpacing = spacing;
  const thickness = list(measures, 'x00180050')?.[0];
  if (thickness !== undefined) out.sliceThickness = thickness;
  // Plane Position (Patient) (0020,9113) and Plane Orientation (Patient) (0020,9116), C.7.6.16.2.3-4.
  const position = list(firstItem(item, 'x00209113'), 'x00200032');
  if (position && position.length === 3) out.imagePositionPatient = position;
  const orientation = list(firstItem(item, 'x00209116'), 'x00200037');
  if (orientation && orientation.length === 6) out.imageOrientationPatient = orientation;
  return out;
}

/** Whether the object has Shared or Per-frame Functional Groups (an enhanced multi-frame IOD). */
export function hasFunctionalGroups(ds: DataSet): boolean {
  return ds.elements[SHARED]?.items !== undefined || ds.elements[PER_FRAME]?.items !== undefined;
}

/**
 * The functional group values of frame `frameIndex`: the Per-frame item's
 * macros where present, else the Shared item's (PS3.3 C.7.6.16: a macro is in
 * one of the two, never both; a writer that puts it in both is read per frame first).
 */
export function readFrameAttributes(ds: DataSet, frameIndex: number): FrameAttributes {
  const shared = readGroups(firstItem(ds, SHARED));
  const perFrame = readGroups(ds.elements[PER_FRAME]?.items?.[frameIndex]?.dataSet);
  return { ...shared, ...perFrame };
}
