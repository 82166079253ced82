/** What an opened file holds, judged by its bytes (names lie). */
export type FileKind = 'dicom' | 'png' | 'jpeg' | 'webp' | 'unknown';

const startsWith = (bytes: Uint8Array, magic: number[], offset = 0) =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

export function detectFileKind(bytes: Uint8Array, name = ''): FileKind {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'webp';
  // PS3.10 7.1: 128-byte preamble then "DICM". Files without it (raw
  // implicit-LE datasets) are recognised by name only.
  if (startsWith(bytes, [0x44, 0x49, 0x43, 0x4d], 128)) return 'dicom';
  if (/\.(dcm|dicom)$/i.test(name) && bytes.length > 0) return 'dicom';
  return 'unknown';
}

export const IMAGE_MIME: Record<'png' | 'jpeg' | 'webp', string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};
