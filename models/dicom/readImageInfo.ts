import { DicomError } from './DicomError';
import { oversizedPixelDataWarning } from './internal/frameBytes';
import {
  hasFunctionalGroups,
  readFrameAttributes,
  type FrameAttributes,
} from './internal/functionalGroups';
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
  sliceThickness?: number;
  imagePositionPatient?: number[];
  imageOrientationPatient?: number[];
  /** VOI LUT Function (0028,1056) or the frame's Frame VOI LUT one: LINEAR, LINEAR_EXACT, SIGMOID. */
  voiLutFunction?: string;
  /**
   * Enhanced multi-frame objects with a Per-frame Functional Groups Sequence:
   * each frame's window, rescale, spacing and plane (PS3.3 C.7.6.16). The
   * top-level fields above are frame 0's.
   */
  frames?: FrameAttributes[];
  bodyPartExamined?: string;
  studyDescription?: string;
  seriesDescription?: string;
  /** What was wrong with the file but read anyway (parser and pixel data), one sentence each. */
  warnings: string[];
  /** Float (7FE0,0008) or Double Float (7FE0,0009) Pixel Data instead of integer Pixel Data. */
  floatPixelData?: 'float32' | 'float64';
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
  const floatPixelData =
    ds.elements.x7fe00008 !== undefined
      ? ('float32' as const)
      : ds.elements.x7fe00009 !== undefined
        ? ('float64' as const)
        : undefined;
  const hasPixelData = ds.elements.x7fe00010 !== undefined || floatPixelData !== undefined;
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
    sliceThickness: readNumberList(ds, 'x00180050')[0],
    imagePositionPatient: optionalList(readNumberList(ds, 'x00200032')),
    imageOrientationPatient: optionalList(readNumberList(ds, 'x00200037')),
    voiLutFunction: readString(ds, 'x00281056')?.toUpperCase() || undefined,
    bodyPartExamined: readString(ds, 'x00180015'),
    studyDescription: readString(ds, 'x00081030'),
    seriesDescription: readString(ds, 'x0008103e'),
    warnings: [...parsed.warnings],
    ...(floatPixelData ? { floatPixelData } : {}),
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
  if (hasFunctionalGroups(ds)) {
    Object.assign(info, withFrameAttributes(info, readFrameAttributes(ds, 0)));
    const perFrame = ds.elements.x52009230?.items;
    if (perFrame && perFrame.length > 0) {
      if (perFrame.length !== info.numberOfFrames)
        info.warnings.push(
          `the Per-frame Functional Groups Sequence has ${perFrame.length} item(s) for ${info.numberOfFrames} frame(s)`,
        );
      info.frames = perFrame.map((_, i) => readFrameAttributes(ds, i));
    }
  }
  if (!Number.isFinite(info.rescaleSlope) || info.rescaleSlope === 0) info.rescaleSlope = 1;
  if (!Number.isFinite(info.rescaleIntercept)) info.rescaleIntercept = 0;
  if (isImage) {
    const oversized = oversizedPixelDataWarning(parsed, info);
    if (oversized) info.warnings.push(oversized);
  }
  return info;
}

/** `info` with the values a frame's functional groups define in place of the top-level ones. */
function withFrameAttributes(info: DicomImageInfo, frame: FrameAttributes): DicomImageInfo {
  const out = { ...info };
  if (frame.windowCenter && frame.windowWidth) {
    out.windowCenter = frame.windowCenter;
    out.windowWidth = frame.windowWidth;
  }
  if (frame.rescaleSlope !== undefined) out.rescaleSlope = frame.rescaleSlope;
  if (frame.rescaleIntercept !== undefined) out.rescaleIntercept = frame.rescaleIntercept;
  if (frame.voiLutFunction !== undefined) out.voiLutFunction = frame.voiLutFunction;
  if (frame.pixelSpacing) out.pixelSpacing = frame.pixelSpacing;
  if (frame.sliceThickness !== undefined) out.sliceThickness = frame.sliceThickness;
  if (frame.imagePositionPatient) out.imagePositionPatient = frame.imagePositionPatient;
  if (frame.imageOrientationPatient) out.imageOrientationPatient = frame.imageOrientationPatient;
  return out;
}

/**
 * The image info as frame `frameIndex` sees it: for an enhanced multi-frame
 * object, its own window, rescale, spacing and plane from the functional groups.
 */
export function frameImageInfo(
  parsed: ParsedDicom,
  info: DicomImageInfo,
  frameIndex: number,
): DicomImageInfo {
  if (frameIndex === 0 || !parsed.dataSet.elements.x52009230?.items) return info;
  const frame = withFrameAttributes(info, readFrameAttributes(parsed.dataSet, frameIndex));
  if (!Number.isFinite(frame.rescaleSlope) || frame.rescaleSlope === 0) frame.rescaleSlope = 1;
  return frame;
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
  if (info.floatPixelData) {
    // C.7.6.24: float pixels are 32-bit, double float 64-bit; no Bits Stored or High Bit.
    const bits = info.floatPixelData === 'float32' ? 32 : 64;
    if (bitsAllocated !== bits || samplesPerPixel !== 1)
      fail(
        `${info.floatPixelData === 'float32' ? 'Float' : 'Double Float'} Pixel Data needs Bits Allocated ${bits} and one sample per pixel`,
      );
  } else if (![1, 8, 16, 32].includes(bitsAllocated))
    fail(`Bits Allocated is ${bitsAllocated} (expected 1, 8, 16 or 32)`);
  if (!info.floatPixelData && (bitsStored < 1 || bitsStored > bitsAllocated))
    fail(`Bits Stored is ${bitsStored} with Bits Allocated ${bitsAllocated}`);
  if (!info.floatPixelData && (highBit < bitsStored - 1 || highBit >= bitsAllocated))
    fail(`High Bit is ${highBit} with Bits Stored ${bitsStored}`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3)
    fail(`Samples per Pixel is ${samplesPerPixel} (expected 1 or 3)`);
  if (!Number.isInteger(frames) || frames < 1 || frames > MAX_FRAMES)
    fail(
      Number.isFinite(frames)
        ? `Number of Frames is ${frames}`
        : 'Number of Frames (0028,0008) is not a number',
    );
  if (rows * columns * samplesPerPixel > MAX_SAMPLES_PER_FRAME)
    fail(`${columns}x${rows} pixels per frame is too large`);
  if (info.pixelRepresentation !== 0 && info.pixelRepresentation !== 1)
    fail(`Pixel Representation is ${info.pixelRepresentation}`);
}
