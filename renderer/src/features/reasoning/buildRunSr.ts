import {
  guidelineLookup,
  stepsWithGuidelineDetails,
  type GuidelineEntry,
} from '../../../../models/reasoning/citationDetails';
import { buildReasoningSr } from '../../../../models/dicom/sr/buildReasoningSr';
import type { RunState } from './reasoningSlice';

/**
 * The finished run as a DICOM Comprehensive SR (models/dicom/sr): every
 * perspective's steps with their citations named from the loaded guidelines,
 * the answer, the model, and the images it saw. Undefined before a result.
 */
export function buildRunSr(
  run: RunState,
  guidelines: readonly GuidelineEntry[],
): Uint8Array | undefined {
  const result = run.result;
  if (!result) return undefined;
  const lookup = guidelineLookup(guidelines);
  return buildReasoningSr(
    {
      question: run.question,
      steps: stepsWithGuidelineDetails(result.steps, lookup),
      answer: result.answer?.text ?? '',
      model: {
        name: result.model.name,
        sha256: result.model.sha256,
        server: result.model.server,
      },
    },
    run.imageSources ?? run.images.map(() => null),
  );
}

/** The Study Instance UID of the first DICOM image of the run, if any. */
export function runStudyUid(run: RunState): string | undefined {
  const source = run.imageSources?.find((s) => s !== null);
  return source?.dicom.dataSet.string('x0020000d')?.replace(/\0/g, '').trim() || undefined;
}

/** Saves bytes as a download (web mode) or through the browser's save path (Electron). */
export function downloadBytes(fileName: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
