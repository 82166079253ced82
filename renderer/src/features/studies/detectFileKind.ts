import { detectFormat, type FileFormat } from '../../../../models/dicom/index';

/** What an opened file holds: the decoder's own sniffing (names lie). */
export type FileKind = FileFormat;

export function detectFileKind(bytes: Uint8Array, name = ''): FileKind {
  const format = detectFormat(bytes);
  if (format !== 'unknown') return format;
  // A .dcm the sniffing does not recognise still goes to the DICOM reader,
  // whose error says what is wrong with it (better than "not an image").
  return /\.(dcm|dicom)$/i.test(name) && bytes.length > 0 ? 'dicom' : 'unknown';
}

export const IMAGE_MIME: Record<'png' | 'jpeg' | 'webp', string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};
