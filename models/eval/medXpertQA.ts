import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { BenchItem, LoadedBenchmark } from './benchItem';
import { checkImages, uniqueId } from './internal/checkImages';

/**
 * One MedXpertQA line. Two real layouts are accepted:
 * - the Hugging Face release (TsinghuaC3I/MedXpertQA, MM/test.jsonl):
 *   `options` {A: text, ...}, `label` "C", `images` ["MM-0-a.jpeg", ...];
 * - the official eval input (TsinghuaC3I/MedXpertQA eval/data/medxpertqa/input/
 *   medxpertqa_mm_input.jsonl, written by eval/data/prepare_medxpertqa.ipynb):
 *   `options` [{letter, content}], `label` ["C"], `images` [{image_path}].
 */
export const medXpertQALineSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  options: z.union([
    z.record(z.string(), z.string()),
    z.array(z.object({ letter: z.string(), content: z.string() })),
  ]),
  label: z.union([z.string(), z.array(z.string()).length(1)]),
  images: z.array(z.union([z.string(), z.object({ image_path: z.string() })])).default([]),
  medical_task: z.string().optional(),
  body_system: z.string().optional(),
  question_type: z.string().optional(),
});
export type MedXpertQALine = z.infer<typeof medXpertQALineSchema>;

export const medXpertQACategories = ['medical_task', 'body_system', 'question_type'] as const;

function categoriesOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const key of medXpertQACategories) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string') out[key] = value;
    }
  }
  return out;
}

/**
 * Reads a MedXpertQA JSONL file (MM subset: test 2,000 questions, dev 5).
 * Malformed lines, unknown labels and missing images become per-question
 * problems; only an unreadable file throws.
 */
export function loadMedXpertQA(dataFile: string, imagesDir: string): LoadedBenchmark {
  let text: string;
  try {
    text = readFileSync(dataFile, 'utf8');
  } catch (error) {
    throw new Error(`loadMedXpertQA: cannot read ${dataFile}: ${(error as Error).message}`);
  }
  const entries: LoadedBenchmark['entries'] = [];
  const seen = new Map<string, number>();
  const name = basename(dataFile);
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const where = `${name}:${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      entries.push({ problem: { id: where, error: `${where}: not valid JSON`, categories: {} } });
      continue;
    }
    const rawId = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    const parsed = medXpertQALineSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof rawId === 'string' && rawId ? uniqueId(seen, rawId) : where;
      const issue = parsed.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid';
      entries.push({
        problem: { id, error: `${where}: ${detail}`, categories: categoriesOf(raw) },
      });
      continue;
    }
    const result = toItem(parsed.data, imagesDir, uniqueId(seen, parsed.data.id));
    entries.push(
      'error' in result
        ? {
            problem: {
              id: result.id,
              error: `${where}: ${result.error}`,
              categories: categoriesOf(raw),
            },
          }
        : { item: result },
    );
  }
  return { entries };
}

function toItem(
  line: MedXpertQALine,
  imagesDir: string,
  id: string,
): BenchItem | { id: string; error: string } {
  const options = Array.isArray(line.options)
    ? line.options.map((o) => ({ letter: o.letter.trim().toUpperCase(), text: o.content }))
    : Object.entries(line.options).map(([letter, text]) => ({
        letter: letter.trim().toUpperCase(),
        text,
      }));
  const label = (Array.isArray(line.label) ? (line.label[0] ?? '') : line.label)
    .trim()
    .toUpperCase();
  if (options.length < 2) return { id, error: 'fewer than two options' };
  if (!options.some((o) => o.letter === label)) {
    return {
      id,
      error: `unknown label '${label}' (options ${options.map((o) => o.letter).join(', ')})`,
    };
  }
  const names = line.images.map((image) => (typeof image === 'string' ? image : image.image_path));
  const { paths, error } = checkImages(imagesDir, names);
  if (error) return { id, error };
  return {
    id,
    question: line.question,
    options,
    label,
    images: paths,
    categories: categoriesOf(line),
  };
}
