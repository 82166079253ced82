import { z } from 'zod';
import { medXpertQALineSchema } from '../../eval/medXpertQA';
import { omniMedVQAQuestionSchema } from '../../eval/omniMedVQA';
import { describeIssue, parseJsonl, type JsonlProblem } from '../readJsonl';
import { inferSpecialty } from './inferSpecialty';
import type { Specialty } from '../../../electron/common/schemas/specialties';
import type { Sample } from './sampleSchema';
import { describeJsonSyntaxError } from '../../json/describeJson';

export interface ConvertOptions {
  /** Force every sample into one specialty instead of inferring it. */
  specialty?: Specialty;
  licence?: string;
}

export interface Converted {
  samples: Sample[];
  /** `line` is the JSONL line, or the 1-based item of a JSON list. */
  problems: JsonlProblem[];
}

/**
 * MedXpertQA-MM lines as `mmx eval` reads them (both released layouts), but
 * also taking numeric ids and refusing an empty label: a training sample
 * needs an answer.
 */
const medXpertQaLineSchema = medXpertQALineSchema.extend({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  label: z.union([z.string().min(1), z.array(z.string()).length(1)]),
});

/** Converts MedXpertQA-MM JSONL text into MMedExpert samples (no reasoning yet). */
export function convertMedXpertQa(text: string, options: ConvertOptions = {}): Converted {
  const { rows, problems } = parseJsonl(text, medXpertQaLineSchema);
  const samples: Sample[] = [];
  for (const { line, value } of rows) {
    const opts = Array.isArray(value.options)
      ? Object.fromEntries(value.options.map((o) => [o.letter, o.content]))
      : value.options;
    const label = (Array.isArray(value.label) ? value.label[0]! : value.label).trim();
    if (!(label in opts)) {
      problems.push({
        line,
        message: `label '${label}' is not one of the options ${Object.keys(opts).join(', ')}`,
      });
      continue;
    }
    // The question text repeats the options after "Answer Choices:"; the options field keeps them.
    const question = value.question.replace(/\s*Answer Choices:[\s\S]*$/, '').trim();
    samples.push({
      id: `medxpertqa-mm:${value.id}`,
      specialty:
        options.specialty ?? inferSpecialty(value.question, { bodySystem: value.body_system }),
      images: value.images.map((img) => ({ path: typeof img === 'string' ? img : img.image_path })),
      question,
      options: opts,
      answer: label,
      reasoning: [],
      source: 'medxpertqa-mm',
      licence: options.licence ?? 'unspecified',
    });
  }
  return { samples, problems };
}

/** OmniMedVQA items as `mmx eval` reads them, but refusing an empty answer. */
const omniItemSchema = omniMedVQAQuestionSchema
  .omit({ modality: true })
  .extend({ gt_answer: z.string().min(1) });

/** Converts an OmniMedVQA JSON list (one file per source dataset in the release) into samples. */
export function convertOmniMedVqa(text: string, options: ConvertOptions = {}): Converted {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      samples: [],
      problems: [{ line: 1, message: describeJsonSyntaxError(text, error) }],
    };
  }
  if (!Array.isArray(raw))
    return {
      samples: [],
      problems: [{ line: 1, message: 'OmniMedVQA input must be a JSON list of questions' }],
    };
  const samples: Sample[] = [];
  const problems: JsonlProblem[] = [];
  raw.forEach((item, index) => {
    const line = index + 1;
    const parsed = omniItemSchema.safeParse(item);
    if (!parsed.success) {
      problems.push({ line, message: describeIssue(parsed.error) });
      return;
    }
    const v = parsed.data;
    const opts: Record<string, string> = {};
    for (const letter of ['A', 'B', 'C', 'D'] as const) {
      const o = v[`option_${letter}`];
      if (o !== undefined && o.trim() !== '') opts[letter] = o;
    }
    const letters = Object.keys(opts);
    let answer = v.gt_answer.trim();
    if (letters.length > 0) {
      const match =
        letters.find((l) => opts[l]!.trim() === answer) ??
        letters.find((l) => opts[l]!.trim().toLowerCase() === answer.toLowerCase());
      if (!match) {
        problems.push({ line, message: `gt_answer '${v.gt_answer}' is none of the options` });
        return;
      }
      answer = match;
    }
    samples.push({
      id: `omnimedvqa:${v.question_id}`,
      specialty: options.specialty ?? inferSpecialty(v.question, { modality: v.modality_type }),
      images: [{ path: v.image_path, ...(v.modality_type ? { modality: v.modality_type } : {}) }],
      question: v.question.trim(),
      ...(letters.length > 0 ? { options: opts } : {}),
      answer,
      reasoning: [],
      source: v.dataset ? `omnimedvqa/${v.dataset}` : 'omnimedvqa',
      licence: options.licence ?? 'unspecified',
    });
  });
  return { samples, problems };
}
