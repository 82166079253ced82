import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { BenchItem, LoadedBenchmark } from './benchItem';
import { checkImages, uniqueId } from './internal/checkImages';

/**
 * One OmniMedVQA question (QA_information/Open-access/<dataset>.json holds a
 * list of these). Field names as read by MedEvalKit
 * (alibaba-damo-academy/MedEvalKit utils/OmniMedVQA/OmniMedVQA.py): the label
 * `gt_answer` is the text of one of option_A..option_D (some options absent),
 * `image_path` is relative to the benchmark root.
 */
export const omniMedVQAQuestionSchema = z.object({
  question_id: z.union([z.string().min(1), z.number()]).transform(String),
  dataset: z.string().optional(),
  question_type: z.string().optional(),
  question: z.string().min(1),
  gt_answer: z.string(),
  image_path: z.string().min(1),
  option_A: z.string().optional(),
  option_B: z.string().optional(),
  option_C: z.string().optional(),
  option_D: z.string().optional(),
  // One file (Chest CT Scan.json) spells one entry's `modality_type` as `modality`.
  modality_type: z.string().optional(),
  modality: z.string().optional(),
});
export type OmniMedVQAQuestion = z.infer<typeof omniMedVQAQuestionSchema>;

export const omniMedVQACategories = ['modality_type', 'question_type', 'dataset'] as const;

const LETTERS = ['A', 'B', 'C', 'D'] as const;

function categoriesOf(raw: unknown, fallbackDataset: string): Record<string, string> {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const pick = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: Record<string, string> = {};
  const modality = pick(r.modality_type) ?? pick(r.modality);
  const questionType = pick(r.question_type);
  if (modality) out.modality_type = modality;
  if (questionType) out.question_type = questionType;
  out.dataset = pick(r.dataset) ?? fallbackDataset;
  return out;
}

/** The JSON files of --data: the file itself, or every *.json in the folder (sorted). */
function dataFiles(dataPath: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(dataPath).isDirectory();
  } catch (error) {
    throw new Error(`loadOmniMedVQA: cannot read ${dataPath}: ${(error as Error).message}`);
  }
  if (!isDir) return [dataPath];
  const files = readdirSync(dataPath)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((f) => join(dataPath, f));
  if (files.length === 0) throw new Error(`loadOmniMedVQA: no .json files in ${dataPath}`);
  return files;
}

/**
 * Reads OmniMedVQA: one JSON file, or a folder of them (e.g.
 * QA_information/Open-access). Image paths resolve against `rootDir` (the
 * benchmark root). Bad entries become per-question problems; a file that is
 * not a JSON list becomes one problem naming the file.
 */
export function loadOmniMedVQA(dataPath: string, rootDir: string): LoadedBenchmark {
  const entries: LoadedBenchmark['entries'] = [];
  const seen = new Map<string, number>();
  for (const file of dataFiles(dataPath)) {
    const name = basename(file);
    const fileDataset = name.replace(/\.json$/i, '');
    let list: unknown;
    try {
      list = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      entries.push({
        problem: {
          id: name,
          error: `${name}: not readable JSON (${(error as Error).message})`,
          categories: { dataset: fileDataset },
        },
      });
      continue;
    }
    if (!Array.isArray(list)) {
      entries.push({
        problem: {
          id: name,
          error: `${name}: expected a JSON list of questions`,
          categories: { dataset: fileDataset },
        },
      });
      continue;
    }
    for (const [index, raw] of list.entries()) {
      const where = `${name}#${index}`;
      const categories = categoriesOf(raw, fileDataset);
      const parsed = omniMedVQAQuestionSchema.safeParse(raw);
      if (!parsed.success) {
        const rawId =
          raw && typeof raw === 'object'
            ? (raw as { question_id?: unknown }).question_id
            : undefined;
        const id =
          typeof rawId === 'string' || typeof rawId === 'number'
            ? uniqueId(seen, String(rawId))
            : where;
        const issue = parsed.error.issues[0];
        const detail = issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'invalid';
        entries.push({ problem: { id, error: `${where}: ${detail}`, categories } });
        continue;
      }
      const result = toItem(
        parsed.data,
        rootDir,
        uniqueId(seen, parsed.data.question_id),
        categories,
      );
      entries.push(
        'error' in result
          ? { problem: { id: result.id, error: `${where}: ${result.error}`, categories } }
          : { item: result },
      );
    }
  }
  return { entries };
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function toItem(
  q: OmniMedVQAQuestion,
  rootDir: string,
  id: string,
  categories: Record<string, string>,
): BenchItem | { id: string; error: string } {
  // Absent options keep the letters of the present ones, as MedEvalKit does.
  const options = LETTERS.flatMap((letter) => {
    const text = q[`option_${letter}`];
    return text === undefined ? [] : [{ letter, text }];
  });
  if (options.length < 2) return { id, error: 'fewer than two options' };
  const label =
    options.find((o) => o.text === q.gt_answer) ??
    options.find((o) => norm(o.text) === norm(q.gt_answer));
  if (!label)
    return { id, error: `unknown label: gt_answer '${q.gt_answer}' is none of the options` };
  const { paths, error } = checkImages(rootDir, [q.image_path]);
  if (error) return { id, error };
  return { id, question: q.question, options, label: label.letter, images: paths, categories };
}
