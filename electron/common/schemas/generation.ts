import { z } from 'zod';

/**
 * How the next token is chosen (issue #20 item 4), with the meaning of
 * transformers' generate(): repetition penalty over prompt and generated ids,
 * then temperature, top-k, top-p, then a draw from the softmax. Every field is
 * optional: what is left out comes from the model folder's
 * generation_config.json (docs/MODEL-CONTRACT.md). Temperature 0 is greedy.
 */
export const SAMPLING_LIMITS = {
  /** OpenAI-compatible servers accept 0–2; 0 means greedy here and on vLLM. */
  temperature: { min: 0, max: 2 },
  /** (0, 1]: 1 keeps every token. */
  topP: { min: 0, max: 1 },
  /** 0 turns top-k off. */
  topK: { min: 0, max: 1_000_000 },
  /** (0, 10]: 1 is no penalty; transformers needs a strictly positive float. */
  repetitionPenalty: { min: 0, max: 10 },
  /** The seeded PRNG (models/random, mulberry32) takes a 32-bit seed. */
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

const L = SAMPLING_LIMITS;

export const samplingSettingsSchema = z
  .object({
    temperature: z.number().min(L.temperature.min).max(L.temperature.max).optional(),
    topP: z.number().gt(L.topP.min).max(L.topP.max).optional(),
    topK: z.number().int().min(L.topK.min).max(L.topK.max).optional(),
    repetitionPenalty: z
      .number()
      .gt(L.repetitionPenalty.min)
      .max(L.repetitionPenalty.max)
      .optional(),
    seed: z.number().int().min(L.seed.min).max(L.seed.max).optional(),
  })
  .strict();
export type SamplingSettings = z.infer<typeof samplingSettingsSchema>;

/** The values a run used: the user's, else the model's defaults; `seed` only when it sampled. */
export const effectiveSamplingSchema = z.object({
  decoding: z.enum(['greedy', 'sampling']),
  temperature: z.number().min(0),
  topP: z.number().gt(0).max(1),
  topK: z.number().int().min(0),
  repetitionPenalty: z.number().gt(0),
  seed: z.number().int().min(0).optional(),
});
export type EffectiveSampling = z.infer<typeof effectiveSamplingSchema>;

/**
 * How many vision tokens an image may cost (issue #20 item 5). `auto` keeps
 * the model's min_pixels / max_pixels (preprocessor_config.json); `low` caps
 * an image at LOW_DETAIL_MAX_PIXELS; `high` lifts small images to
 * HIGH_DETAIL_MIN_PIXELS and allows up to MODEL_MAX_PIXELS.
 */
export const imageDetailSchema = z.enum(['low', 'auto', 'high']);
export type ImageDetail = z.infer<typeof imageDetailSchema>;

/** The Qwen2-VL image processor's pixel bounds, as given by the user; each overrides the detail level's. */
export const imagePixelsSchema = z
  .object({
    detail: imageDetailSchema.optional(),
    minPixels: z.number().int().positive().max(16_777_216).optional(),
    maxPixels: z.number().int().positive().max(16_777_216).optional(),
  })
  .strict()
  .refine(
    (p) => p.minPixels === undefined || p.maxPixels === undefined || p.minPixels <= p.maxPixels,
    {
      message: 'minPixels must not exceed maxPixels',
      path: ['minPixels'],
    },
  );
export type ImagePixels = z.infer<typeof imagePixelsSchema>;
