import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseOriginal, CaseStudyContext } from '../../electron/common/schemas/cases';
import { detectFormat } from '../dicom/detectFormat';
import { encodeRgbPng } from '../dicom/encodeRgbPng';
import { decodeRasterImage } from '../dicom/node/decodeRasterImage';
import { renderForModel } from '../dicom/renderForModel';
import type { ImageSource } from '../runtime/protocol';
import { ageInYears, type RoutingInput } from '../reasoning/routeSpecialty';
import type { NewCaseImage, NewCaseOriginal } from './CaseStore';

const MEDIA_TYPES: Record<string, CaseOriginal['mediaType']> = {
  dicom: 'application/dicom',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * The images of a CLI question as the model receives them: each file through
 * models/dicom's one producer of the model's pixels (renderForModel: a DICOM
 * file's first frame with its default window, an ordinary image decoded; both
 * capped at MODEL_MAX_PIXELS). The model gets these RGB pixels (`sources`) and
 * the case keeps the same pixels as PNG (encodeRgbPng), so it holds exactly
 * what the model saw. With the originals when asked (kept in this machine's
 * store; a bundle takes them only de-identified).
 */
export async function caseImagesFromFiles(
  files: readonly string[],
  { originals }: { originals: boolean },
): Promise<{ images: NewCaseImage[]; sources: ImageSource[]; originals: NewCaseOriginal[] }> {
  const images: NewCaseImage[] = [];
  const sources: ImageSource[] = [];
  const kept: NewCaseOriginal[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    const format = detectFormat(bytes);
    const name = path.basename(file);
    if (format === 'unknown')
      throw new Error(`caseImagesFromFiles: ${name} is neither DICOM nor PNG/JPEG/WebP`);
    const { width, height, rgb } = await renderForModel(bytes, { decodeRaster: decodeRasterImage });
    sources.push({ rgb: { width, height, data: rgb } });
    images.push({
      name: name.replace(/\.[^.]*$/, '') + '.png',
      png: encodeRgbPng({ width, height, rgb }),
      width,
      height,
    });
    if (originals) kept.push({ name, bytes, mediaType: MEDIA_TYPES[format]!, deidentified: false });
  }
  return { images, sources, originals: kept };
}

/** The routing attributes as the case's study context (age in years, never the raw tag). */
export function studyContextOf(routing: RoutingInput): CaseStudyContext | null {
  const context: CaseStudyContext = {};
  if (routing.modality) context.modality = routing.modality.slice(0, 64);
  if (routing.bodyPart) context.bodyPart = routing.bodyPart.slice(0, 128);
  if (routing.studyDescription) context.studyDescription = routing.studyDescription.slice(0, 256);
  const age = ageInYears(routing.patientAge);
  if (age !== undefined) context.patientAgeYears = age;
  return Object.keys(context).length > 0 ? context : null;
}
