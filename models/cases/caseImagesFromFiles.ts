import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseOriginal, CaseStudyContext } from '../../electron/common/schemas/cases';
import { decodeFrame } from '../dicom/decodeFrame';
import { detectFormat } from '../dicom/detectFormat';
import { decodeRasterImage } from '../dicom/node/decodeRasterImage';
import { encodePng } from '../dicom/node/encodePng';
import { renderFrame } from '../dicom/renderFrame';
import { ageInYears, type RoutingInput } from '../reasoning/routeSpecialty';
import type { NewCaseImage, NewCaseOriginal } from './CaseStore';

const MEDIA_TYPES: Record<string, CaseOriginal['mediaType']> = {
  dicom: 'application/dicom',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * The images of a CLI question as the model receives them: a DICOM file's
 * first frame through the display pipeline the inference worker uses
 * (decodeFrame + renderFrame, default window; models/runtime/internal/
 * prepareImages.ts), a PNG as it is, other raster images as PNG. The caller
 * sends these same PNG bytes to the model, so the case keeps exactly what the
 * model saw. With the originals when asked (kept in this machine's store; a
 * bundle takes them only de-identified).
 */
export async function caseImagesFromFiles(
  files: readonly string[],
  { originals }: { originals: boolean },
): Promise<{ images: NewCaseImage[]; originals: NewCaseOriginal[] }> {
  const images: NewCaseImage[] = [];
  const kept: NewCaseOriginal[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    const format = detectFormat(bytes);
    const name = path.basename(file);
    if (format === 'unknown')
      throw new Error(`caseImagesFromFiles: ${name} is neither DICOM nor PNG/JPEG/WebP`);
    let png: Uint8Array;
    let width: number;
    let height: number;
    if (format === 'dicom') {
      const frame = renderFrame(await decodeFrame(bytes, 0));
      png = encodePng(frame);
      ({ width, height } = frame);
    } else {
      const decoded = await decodeRasterImage(bytes, format);
      ({ width, height } = decoded);
      png =
        format === 'png'
          ? bytes
          : encodePng({
              width,
              height,
              rgba: new Uint8ClampedArray(
                decoded.rgba.buffer,
                decoded.rgba.byteOffset,
                decoded.rgba.byteLength,
              ),
              grayscale: false,
            });
    }
    images.push({
      name: name.replace(/\.[^.]*$/, '') + '.png',
      png: new Uint8Array(png),
      width,
      height,
    });
    if (originals) kept.push({ name, bytes, mediaType: MEDIA_TYPES[format]!, deidentified: false });
  }
  return { images, originals: kept };
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
