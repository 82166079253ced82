import type dicomParser from 'dicom-parser';
import { Inflate } from 'fflate';
import { DicomError, describeThrown } from './DicomError';
import { detectFormat, rawDataSetSyntax } from './detectFormat';
import { DataSetReader, makeDataSet, type Encoding } from './internal/readDataSet';
import { WarningList } from './internal/WarningList';
import { transferSyntaxOf, type TransferSyntax } from './uids';

export type DataSet = dicomParser.DataSet;
export type Element = dicomParser.Element;

/** A parsed DICOM object: the dicom-parser data set plus what every caller needs. */
export interface ParsedDicom {
  readonly kind: 'dicom';
  readonly dataSet: DataSet;
  readonly transferSyntax: TransferSyntax;
  /** False when the file had no File Meta Information (group 0002) at all. */
  readonly hasFileMeta: boolean;
  /** What was wrong with the file but read anyway, one sentence each (no patient data). */
  readonly warnings: readonly string[];
  /** Whether the bytes end inside an element (a file cut short). */
  readonly truncated: boolean;
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
/** A deflated data set larger than this is refused while inflating, before it is all in memory. */
export const MAX_INFLATED_BYTES = 1024 ** 3;

/**
 * Inflates a Deflated Explicit VR Little Endian data set (PS3.5 A.5: raw
 * DEFLATE, RFC 1951, after the file meta), chunk by chunk so that a deflate
 * bomb stops at MAX_INFLATED_BYTES. fflate is pure JS: Node and renderer alike.
 */
function inflateDataSet(bytes: Uint8Array, position: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_INFLATED_BYTES)
      throw new DicomError(
        'parseDicom',
        `the deflated data set inflates to more than ${MAX_INFLATED_BYTES / 1024 ** 2} MiB`,
      );
    chunks.push(chunk);
  });
  try {
    const step = 1 << 16;
    for (let at = position; at < bytes.length; at += step) {
      const end = Math.min(bytes.length, at + step);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError(
      'parseDicom',
      `the deflated data set is corrupt (${describeThrown(error)})`,
    );
  }
  const full = new Uint8Array(position + total);
  full.set(bytes.subarray(0, position), 0);
  let at = position;
  for (const chunk of chunks) {
    full.set(chunk, at);
    at += chunk.length;
  }
  return full;
}

const isDicm = (bytes: Uint8Array, at: number) =>
  bytes[at] === 0x44 && bytes[at + 1] === 0x49 && bytes[at + 2] === 0x43 && bytes[at + 3] === 0x4d;

/**
 * Where the File Meta Information starts: after the 128-byte preamble and
 * "DICM" (PS3.10 7.1), or, as dcmtk also accepts, at byte 0 of a file that
 * lacks the preamble (with or without "DICM").
 */
function locateFileMeta(bytes: Uint8Array, warnings: WarningList): number | undefined {
  if (bytes.length >= 132 && isDicm(bytes, 128)) return 132;
  if (isDicm(bytes, 0) && isMetaElement(bytes, 4)) {
    warnings.add('the file has "DICM" but no 128-byte preamble');
    return 4;
  }
  if (isMetaElement(bytes, 0)) {
    warnings.add(
      'the file has no 128-byte preamble and "DICM" prefix; its File Meta starts at byte 0',
    );
    return 0;
  }
  return undefined;
}

/** A group 0002 element in explicit VR little endian at `at` (PS3.10 7.1). */
function isMetaElement(bytes: Uint8Array, at: number): boolean {
  if (bytes.length < at + 8) return false;
  const group = bytes[at]! | (bytes[at + 1]! << 8);
  const a = bytes[at + 4]!;
  const b = bytes[at + 5]!;
  return group === 0x0002 && a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;
}

/** The encoding the first element of the data set at `at` shows, when it is clear. */
function sniffEncoding(bytes: Uint8Array, at: number): Encoding | undefined {
  if (bytes.length < at + 8) return undefined;
  const le = bytes[at]! | (bytes[at + 1]! << 8);
  const be = (bytes[at]! << 8) | bytes[at + 1]!;
  const a = bytes[at + 4]!;
  const b = bytes[at + 5]!;
  const hasVr = a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;
  const plausible = (group: number) => group >= 0x0004 && group <= 0x0010;
  if (plausible(le)) return { explicit: hasVr, bigEndian: false };
  if (plausible(be) && hasVr) return { explicit: true, bigEndian: true };
  return undefined;
}

const encodingName = (e: Encoding) =>
  `${e.explicit ? 'explicit' : 'implicit'} VR ${e.bigEndian ? 'big' : 'little'} endian`;

/**
 * Parses DICOM bytes: Part 10 files, files without preamble (with or without
 * File Meta), bare data sets. Damage dcmtk reads through is read through here
 * too and listed in `warnings`; anything unreadable raises one DicomError,
 * never a half-parsed object.
 */
export function parseDicom(bytes: Uint8Array): ParsedDicom {
  if (!(bytes instanceof Uint8Array)) throw new DicomError('parseDicom', 'expected a Uint8Array');
  if (bytes.length === 0) throw new DicomError('parseDicom', 'the file is empty');
  const format = detectFormat(bytes);
  if (format === 'png' || format === 'jpeg' || format === 'webp') {
    throw new DicomError('parseDicom', `this is a ${format.toUpperCase()} image, not DICOM`);
  }
  const warnings = new WarningList();
  const metaStart = locateFileMeta(bytes, warnings);
  if (format !== 'dicom' && metaStart === undefined) {
    throw new DicomError(
      'parseDicom',
      'not a DICOM file (no "DICM" prefix at byte 128 and no recognisable data set)',
    );
  }
  try {
    return parseFrom(bytes, metaStart, warnings);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    // Our reader checks every length; this is the last guard that keeps a bug from reaching the user raw.
    throw new DicomError('parseDicom', `malformed or truncated DICOM (${describeThrown(error)})`, {
      cause: error,
    });
  }
}

function parseFrom(
  input: Uint8Array,
  metaStart: number | undefined,
  warnings: WarningList,
): ParsedDicom {
  let bytes = input;
  let reader = new DataSetReader(bytes, warnings);
  let meta: DataSet | undefined;
  let dataStart = 0;
  if (metaStart !== undefined) {
    const read = reader.readElements(
      metaStart,
      bytes.length,
      { explicit: true, bigEndian: false },
      { lastGroup: 0x0002 },
    );
    meta = read.dataSet;
    dataStart = read.position;
    if (dataStart >= bytes.length)
      throw new DicomError(
        'parseDicom',
        reader.truncated
          ? 'the file is truncated inside its File Meta Information'
          : 'the file holds file meta information but no data set',
      );
  }
  let uid = (meta?.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (uid === '') {
    const guessed = rawDataSetSyntax(bytes.subarray(dataStart));
    if (!guessed) {
      throw new DicomError(
        'parseDicom',
        meta
          ? 'the file meta has no Transfer Syntax UID (0002,0010) and the data set after it is not recognisable'
          : 'not a DICOM file (no recognisable data set)',
      );
    }
    if (meta)
      warnings.add(
        `the file meta has no Transfer Syntax UID (0002,0010); the data set reads as ${transferSyntaxOf(guessed).name}`,
      );
    else warnings.add('the file has no File Meta Information (group 0002)');
    uid = guessed;
  }
  let transferSyntax = transferSyntaxOf(uid);
  if (transferSyntax.deflated) {
    bytes = inflateDataSet(bytes, dataStart);
    reader = new DataSetReader(bytes, warnings);
  }
  let encoding: Encoding = {
    explicit: uid !== IMPLICIT_LE,
    bigEndian: transferSyntax.bigEndian === true,
  };
  const seen = sniffEncoding(bytes, dataStart);
  if (
    seen &&
    (seen.explicit !== encoding.explicit || seen.bigEndian !== encoding.bigEndian) &&
    !transferSyntax.deflated
  ) {
    // dcmtk checks the first element the same way (DcmItem::checkTransferSyntax).
    warnings.add(
      `the data set is written in ${encodingName(seen)} although the Transfer Syntax says ${encodingName(encoding)}; it was read as written`,
    );
    encoding = seen;
    if (transferSyntax.encoding === 'native')
      transferSyntax = transferSyntaxOf(
        seen.bigEndian ? EXPLICIT_BE : seen.explicit ? EXPLICIT_LE : IMPLICIT_LE,
      );
  }
  const body = reader.readElements(dataStart, bytes.length, encoding).dataSet;
  const elements = body.elements;
  const stray = Object.keys(elements).filter((tag) => tag.startsWith('x0002'));
  if (stray.length > 0 && meta) {
    warnings.add(
      `the data set repeats ${stray.length} File Meta element(s) (group 0002); the file meta values are used`,
    );
    for (const tag of stray) delete elements[tag];
  }
  if (Object.keys(elements).every((tag) => tag.startsWith('x0002'))) {
    throw new DicomError('parseDicom', 'the file holds file meta information but no data set');
  }
  const littleEndian = makeDataSet(bytes, {}, false).byteArrayParser;
  for (const [tag, element] of Object.entries(meta?.elements ?? {}))
    elements[tag] = { ...element, parser: littleEndian };
  return {
    kind: 'dicom',
    dataSet: body,
    transferSyntax,
    hasFileMeta: meta !== undefined,
    warnings: warnings.list(),
    truncated: reader.truncated,
  };
}
