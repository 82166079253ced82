import { decodeFrame } from '../dicom/decodeFrame';
import { DicomError, describeThrown } from '../dicom/DicomError';
import { listTags } from '../dicom/listTags';
import { parseDicom } from '../dicom/parseDicom';
import { readImageInfo } from '../dicom/readImageInfo';
import { renderFrame } from '../dicom/renderFrame';
import { loadTagDictionary } from '../dicom/tagDictionary';

export type CaseOutcome =
  | { kind: 'ok'; warnings: number }
  | { kind: 'clean'; message: string }
  | { kind: 'unclean'; message: string };

/**
 * A user-facing error is clean when it is our DicomError, one line, names
 * the function that threw and holds no sign of an internal failure (a
 * JavaScript TypeError text, `undefined`, `NaN`, a bare heap number).
 */
export function isCleanError(error: unknown): boolean {
  if (!(error instanceof DicomError)) return false;
  const message = error.message;
  return (
    !message.includes('\n') &&
    /^[a-zA-Z]+: \S/.test(message) &&
    !/of undefined|is undefined|\bundefined\b(?! length)|\bNaN\b|\[object|Cannot read|is not a function|\(\d{4,}\)/.test(
      message,
    )
  );
}

/**
 * What a viewer does with a file: parse, image info, tag list, decode and
 * render the first and the last frame. Any throw is classified.
 */
export async function runDicomCase(bytes: Uint8Array): Promise<CaseOutcome> {
  // Loaded once per process, before the case: loading names is not what a case measures.
  const dictionary = await loadTagDictionary();
  try {
    const parsed = parseDicom(bytes);
    const info = readImageInfo(parsed);
    listTags(parsed, { phi: true, dictionary });
    if (!info.isImage) return { kind: 'ok', warnings: info.warnings.length };
    const frames = new Set([0, Math.max(0, info.numberOfFrames - 1)]);
    for (const index of frames) {
      const frame = await decodeFrame(parsed, index);
      renderFrame(frame);
    }
    return { kind: 'ok', warnings: info.warnings.length };
  } catch (error) {
    const message = describeThrown(error).slice(0, 300);
    return isCleanError(error) ? { kind: 'clean', message } : { kind: 'unclean', message };
  }
}
