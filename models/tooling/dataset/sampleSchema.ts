import { z } from 'zod';
import { perspectiveSchema } from '../../../electron/common/schemas/reasoning';
import { specialtySchema } from '../../../electron/common/schemas/specialties';

const citationRef = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?#[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/,
    'must be guideline-id#passage-id',
  );

export const sampleImageSchema = z.object({
  /** Relative to the dataset file's image root, as the source dataset names it. */
  path: z.string().min(1),
  /** Imaging modality as the source names it (CT, MRI, X-Ray, Fundus Photography, …). */
  modality: z.string().min(1).optional(),
});

export const sampleStepSchema = z.object({
  perspective: perspectiveSchema,
  text: z.string().trim().min(1, 'step text must not be empty'),
  guideline_refs: z.array(citationRef).default([]),
});

/**
 * One MMedExpert sample (the DSA stage's SFT data, arXiv 2601.10949 §3):
 * a multimodal question with step-by-step reasoning tied to guideline
 * passages. Samples converted from benchmarks carry no reasoning yet.
 */
export const sampleSchema = z
  .object({
    id: z.string().min(1),
    specialty: specialtySchema,
    images: z.array(sampleImageSchema),
    question: z.string().trim().min(1, 'question must not be empty'),
    options: z
      .record(
        z.string().regex(/^[A-Z]$/, 'option keys must be single capital letters'),
        z.string().min(1),
      )
      .optional(),
    /** The correct option letter when there are options, else the answer text. */
    answer: z.string().trim().min(1, 'answer must not be empty'),
    reasoning: z.array(sampleStepSchema),
    source: z.string().min(1),
    licence: z.string().min(1),
  })
  .superRefine((s, ctx) => {
    if (s.options && !(s.answer in s.options)) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `answer '${s.answer}' is not one of the options ${Object.keys(s.options).join(', ')}`,
      });
    }
  });
export type Sample = z.infer<typeof sampleSchema>;

/** The sample schema as JSON Schema (draft 2020-12), for tools outside TypeScript. */
export function sampleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(sampleSchema, { io: 'input' }) as Record<string, unknown>;
}
