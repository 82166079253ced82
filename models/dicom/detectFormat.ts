import { knownVrs } from './internal/knownVrs';
import { longLengthVrs } from './internal/longLengthVrs';

/** What a byte buffer holds, judged by its first bytes (no file names). */
export type FileFormat = 'dicom' | 'png' | 'jpeg' | 'webp' | 'unknown';

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

/**
 * Detects PNG, JPEG and WebP by magic number, DICOM by the Part 10 "DICM"
 * prefix (PS3.10 7.1) or by a plausible first data element of a raw data set
 * (files written without preamble and file meta information).
 */
export function detectFormat(bytes: Uint8Array): FileFormat {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'webp';
  if (startsWith(bytes, [0x44, 0x49, 0x43, 0x4d], 128)) return 'dicom';
  if (rawDataSetSyntax(bytes)) return 'dicom';
  return 'unknown';
}

/**
 * For a data set without preamble: the transfer syntax its first element
 * implies (explicit VR little endian when a VR follows the tag, else implicit
 * VR little endian), or undefined when it does not look like DICOM at all.
 * The first element must be an even group between 0002 and 0008 with a
 * length that fits the buffer, which rules out text and random bytes.
 */
export function rawDataSetSyntax(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return undefined;
  const bigEndianGroup = (bytes[0]! << 8) | bytes[1]!;
  const vrText = String.fromCharCode(bytes[4]!, bytes[5]!);
  if (
    bigEndianGroup >= 0x0002 &&
    bigEndianGroup <= 0x0008 &&
    bigEndianGroup % 2 === 0 &&
    knownVrs.has(vrText)
  ) {
    // Explicit VR big endian (PS3.5 A.3, retired), as dcmtk also recognises without meta.
    const length = longLengthVrs.has(vrText)
      ? ((bytes[8]! << 24) | (bytes[9]! << 16) | (bytes[10]! << 8) | bytes[11]!) >>> 0
      : (bytes[6]! << 8) | bytes[7]!;
    if (length === 0xffffffff || length <= bytes.length) return '1.2.840.10008.1.2.2';
  }
  const group = bytes[0]! | (bytes[1]! << 8);
  if (group < 0x0002 || group > 0x0008 || group % 2 !== 0) return undefined;
  const vr = String.fromCharCode(bytes[4]!, bytes[5]!);
  if (knownVrs.has(vr)) {
    const length = longLengthVrs.has(vr) ? readUint32(bytes, 8) : bytes[6]! | (bytes[7]! << 8);
    if (length !== 0xffffffff && length > bytes.length) return undefined;
    return '1.2.840.10008.1.2.1';
  }
  const length = readUint32(bytes, 4);
  if (length !== 0xffffffff && length > bytes.length - 8) return undefined;
  return '1.2.840.10008.1.2';
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}
