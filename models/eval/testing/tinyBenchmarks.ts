import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Writes a flat grey w×h RGB PNG: grey 20 is "dark", 230 "bright" for the scripted fixture. */
export function writePng(file: string, grey: number, size = 56): void {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    png.data[4 * i] = grey;
    png.data[4 * i + 1] = grey;
    png.data[4 * i + 2] = grey;
    png.data[4 * i + 3] = 255;
  }
  writeFileSync(file, PNG.sync.write(png));
}

export const DARK = 20;
export const BRIGHT = 230;

export interface TinyMedXpertQA {
  dataFile: string;
  imagesDir: string;
}

const mxOptions = {
  A: 'Lateral collateral ligament repair',
  B: 'Capsular plication',
  C: 'Radial head replacement',
  D: 'Radial head ORIF',
  E: 'Medial collateral ligament reconstruction',
};
const choices = Object.entries(mxOptions)
  .map(([l, t]) => `(${l}) ${t}`)
  .join(' ');

export interface MxQuestion {
  id: string;
  label: string;
  /** Grey level per image. */
  images: number[];
  medical_task: string;
  body_system: string;
  question_type: string;
}

/**
 * A MedXpertQA-MM file in the Hugging Face layout (options {A..E}, label
 * letter, image file names), its images written as flat grey PNGs. `extraLines`
 * are appended verbatim (for malformed-data tests).
 */
export function writeTinyMedXpertQA(
  dir: string,
  questions: MxQuestion[],
  extraLines: string[] = [],
): TinyMedXpertQA {
  const imagesDir = join(dir, 'images');
  mkdirSync(imagesDir, { recursive: true });
  const lines = questions.map((q) => {
    const names = q.images.map((grey, i) => {
      const name = `${q.id}-${String.fromCharCode(97 + i)}.png`;
      writePng(join(imagesDir, name), grey);
      return name;
    });
    return JSON.stringify({
      id: q.id,
      question: `A patient's radiographs are shown in the figures. Which step matters most?\nAnswer Choices: ${choices}`,
      options: mxOptions,
      label: q.label,
      images: names,
      medical_task: q.medical_task,
      body_system: q.body_system,
      question_type: q.question_type,
    });
  });
  const dataFile = join(dir, 'test.jsonl');
  writeFileSync(dataFile, `${[...lines, ...extraLines].join('\n')}\n`);
  return { dataFile, imagesDir };
}

export interface OmniQuestion {
  question_id: string;
  dataset: string;
  question_type: string;
  modality_type: string;
  grey: number;
  options: string[];
  gt_answer: string;
}

/**
 * An OmniMedVQA tree: ROOT/QA_information/Open-access/<dataset>.json (lists of
 * questions, image_path relative to ROOT) and ROOT/Images/<dataset>/*.png.
 */
export function writeTinyOmniMedVQA(
  root: string,
  questions: OmniQuestion[],
): { qaDir: string; root: string } {
  const qaDir = join(root, 'QA_information', 'Open-access');
  mkdirSync(qaDir, { recursive: true });
  const byDataset = new Map<string, object[]>();
  for (const q of questions) {
    const rel = join('Images', q.dataset, `${q.question_id}.png`);
    mkdirSync(join(root, 'Images', q.dataset), { recursive: true });
    writePng(join(root, rel), q.grey);
    const entry: Record<string, string> = {
      question_id: q.question_id,
      dataset: q.dataset,
      question_type: q.question_type,
      question: 'What modality is shown in this image?',
      gt_answer: q.gt_answer,
      image_path: rel,
      modality_type: q.modality_type,
    };
    q.options.forEach((text, i) => (entry[`option_${String.fromCharCode(65 + i)}`] = text));
    byDataset.set(q.dataset, [...(byDataset.get(q.dataset) ?? []), entry]);
  }
  for (const [dataset, list] of byDataset)
    writeFileSync(join(qaDir, `${dataset}.json`), JSON.stringify(list, null, 2));
  return { qaDir, root };
}
