import { DicomError } from './DicomError';
import { oversizedPixelDataWarning } from './internal/frameBytes';
import type { ParsedDicom } from './parseDicom';
import { readNumberList, readString, readUint16 } from './internal/readValues';
import { sopClassOf } from './uids';

/** Image attributes of a DICOM object, in the field names of `mmx dicom info --json`. */
export interface DicomImageInfo {
  kind: 'dicom';
  transferSyntaxUID: string;
  transferSyntaxName: string;
  sopClassUID: string;
  sopClassName: string;
  modality?: string;
  /** Whether the object carries an image to render (false for SR, RT Plan, waveforms, ...). */
  isImage: boolean;
  rows: number;
  columns: number;
  numberOfFrames: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  samplesPerPixel: number;
  planarConfiguration: number;
  windowCenter: number[];
  windowWidth: number[];
  rescaleSlope: number;
  rescaleIntercept: number;
  pixelSpacing?: number[];
  bodyPartExamined?: string;
  studyDescription?: string;
  seriesDescription?: string;
  /** What was wrong with the file but read anyway (parser and pixel data), one sentence each. */
  warnings: string[];
}

/** Limits that keep a hostile header from asking for gigabytes (a 16k x 16k RGB frame fits). */
export const MAX_SAMPLES_PER_FRAME = 2 ** 30;
export const MAX_FRAMES = 65_536;

/**
 * Reads the Image Pixel module (PS3.3 C.7.6.3) and the attributes a viewer
 * shows. Validates what a decoder relies on; a non-image object returns
 * `isImage: false` with zero dimensions instead of throwing.
 */
export function readImageInfo(parsed: ParsedDicom): DicomImageInfo {
  const ds = parsed.dataSet;
  const sopClassUID = readString(ds, 'x00080016') ?? readString(ds, 'x00020002') ?? '';
  const sopClass = sopClassOf(sopClassUID);
  const hasPixelData = ds.elements.x7fe00010 !== undefined;
  const base = {
    kind: 'dicom' as const,
    transferSyntaxUID: parsed.transferSyntax.uid,
    transferSyntaxName: parsed.transferSyntax.name,
    sopClassUID,
    sopClassName: sopClass.name,
    modality: readString(ds, 'x00080060'),
    windowCenter: readNumberList(ds, 'x00281050'),
    windowWidth: readNumberList(ds, 'x00281051'),
    rescaleSlope: ds.floatString('x00281053') ?? 1,
    rescaleIntercept: ds.floatString('x00281052') ?? 0,
    pixelSpacing: optionalList(readNumberList(ds, 'x00280030')),
    bodyPartExamined: readString(ds, 'x00180015'),
    studyDescription: readString(ds, 'x00081030'),
    seriesDescription: readString(ds, 'x0008103e'),
    warnings: [...parsed.warnings],
  };
  const rows = readUint16(ds, 'x00280010') ?? 0;
  const columns = readUint16(ds, 'x00280011') ?? 0;
  const isImage = hasPixelData && sopClass.image !== false && rows > 0 && columns > 0;
  const bitsAllocated = readUint16(ds, 'x00280100') ?? 0;
  const bitsStored = readUint16(ds, 'x00280101') ?? bitsAllocated;
  const info: DicomImageInfo = {
    ...base,
    isImage,
    rows,
    columns,
    numberOfFrames: ds.intString('x00280008') ?? 1,
    bitsAllocated,
    bitsStored,
    highBit: readUint16(ds, 'x00280102') ?? bitsStored - 1,
    pixelRepresentation: readUint16(ds, 'x00280103') ?? 0,
    photometricInterpretation: (readString(ds, 'x00280004') ?? '').toUpperCase(),
    samplesPerPixel: readUint16(ds, 'x00280002') ?? 1,
    planarConfiguration: readUint16(ds, 'x00280006') ?? 0,
  };
  if (!Number.isFinite(info.rescaleSlope) || info.rescaleSlope === 0) info.rescaleSlope = 1;
  if (!Number.isFinite(info.rescaleIntercept)) info.rescaleIntercept = 0;
  if (isImage) {
    const oversized = oversizedPixelDataWarning(parsed, info);
    if (oversized) info.warnings.push(oversized);
  }
  return info;
}

function optionalList(values: number[]): number[] | undefined {
  return values.length > 0 ? values : undefined;
}

/**
 * Throws a DicomError naming `caller` when the object cannot be decoded as an
 * image: no pixel data, or header values that no conforming file has.
 */
export function assertDecodable(info: DicomImageInfo, caller: string): void {
  if (!info.isImage) {
    const what =
      info.sopClassName && info.sopClassName !== 'unknown SOP class'
        ? ` (${info.sopClassName})`
        : '';
    throw new DicomError(caller, `the file holds no image${what}`);
  }
  const {
    rows,
    columns,
    numberOfFrames: frames,
    bitsAllocated,
    bitsStored,
    highBit,
    samplesPerPixel,
  } = info;
  const fail = (detail: string) => {
    throw new DicomError(caller, `invalid image header: ${detail}`);
  };
  if (![1, 8, 16, 32].includes(bitsAllocated))
    fail(`Bits Allocated is ${bitsAllocated} (expected 1, 8, 16 or 32)`);
  if (bitsStored < 1 || bitsStored > bitsAllocated)
    fail(`Bits Stored is ${bitsStored} with Bits Allocated ${bitsAllocated}`);
  if (highBit < bitsStored - 1 || highBit >= bitsAllocated)
    fail(`High Bit is ${highBit} with Bits Stored ${bitsStored}`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3)
    fail(`Samples per Pixel is ${samplesPerPixel} (expected 1 or 3)`);
  if (!Number.isInteger(frames) || frames < 1 || frames > MAX_FRAMES)
    fail(`Number of Frames is ${frames}`);
  if (rows * columns * samplesPerPixel > MAX_SAMPLES_PER_FRAME)
    fail(`${columns}x${rows} pixels per frame is too large`);
  if (info.pixelRepresentation !== 0 && info.pixelRepresentation !== 1)
    fail(`Pixel Representation is ${info.pixelRepresentation}`);
}
