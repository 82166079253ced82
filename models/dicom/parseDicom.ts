import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import { DicomError, describeThrown } from './DicomError';
import { detectFormat, rawDataSetSyntax } from './detectFormat';
import { transferSyntaxOf, type TransferSyntax } from './uids';

export type DataSet = dicomParser.DataSet;
export type Element = dicomParser.Element;

/** A parsed DICOM object: the dicom-parser data set plus what every caller needs. */
export interface ParsedDicom {
  readonly kind: 'dicom';
  readonly dataSet: DataSet;
  readonly transferSyntax: TransferSyntax;
  /** False when the file had no 128-byte preamble and "DICM" prefix. */
  readonly hasFileMeta: boolean;
}

/**
 * Inflates a Deflated Explicit VR Little Endian data set (PS3.5 A.5: raw
 * DEFLATE, RFC 1951, after the file meta). fflate is pure JS, so the same
 * path runs in Node and in the renderer.
 */
function inflateDataSet(bytes: Uint8Array, position: number): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(bytes.subarray(position));
  } catch (error) {
    throw new DicomError('parseDicom', `deflated data set is corrupt (${describeThrown(error)})`);
  }
  const full = new Uint8Array(position + inflated.length);
  full.set(bytes.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}

/**
 * Parses DICOM bytes (Part 10 with file meta, or a bare implicit/explicit VR
 * little endian data set). Throws one DicomError for anything that is not
 * readable DICOM; never returns a half-parsed object.
 */
export function parseDicom(bytes: Uint8Array): ParsedDicom {
  if (!(bytes instanceof Uint8Array)) throw new DicomError('parseDicom', 'expected a Uint8Array');
  if (bytes.length === 0) throw new DicomError('parseDicom', 'the file is empty');
  const format = detectFormat(bytes);
  if (format === 'png' || format === 'jpeg' || format === 'webp') {
    throw new DicomError('parseDicom', `this is a ${format.toUpperCase()} image, not DICOM`);
  }
  if (format !== 'dicom') {
    throw new DicomError(
      'parseDicom',
      'not a DICOM file (no "DICM" prefix at byte 128 and no recognisable data set)',
    );
  }
  const hasFileMeta = bytes.length > 132 && detectFormatPrefix(bytes);
  const rawSyntax = hasFileMeta ? undefined : rawDataSetSyntax(bytes);
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, {
      ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}),
      // dicom-parser's own typing says void; it uses the returned bytes.
      inflater: inflateDataSet as unknown as (arr: Uint8Array, position: number) => void,
    });
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError('parseDicom', `malformed or truncated DICOM (${describeThrown(error)})`, {
      cause: error,
    });
  }
  const uid = (dataSet.string('x00020010') ?? rawSyntax ?? '').replace(/\0/g, '').trim();
  if (uid === '')
    throw new DicomError('parseDicom', 'the file meta has no Transfer Syntax UID (0002,0010)');
  if (Object.keys(dataSet.elements).every((tag) => tag.startsWith('x0002'))) {
    throw new DicomError('parseDicom', 'the file holds file meta information but no data set');
  }
  return { kind: 'dicom', dataSet, transferSyntax: transferSyntaxOf(uid), hasFileMeta };
}

function detectFormatPrefix(bytes: Uint8Array): boolean {
  return bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}
