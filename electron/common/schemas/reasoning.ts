// The JSON shape of a reasoning result (`mmx ask --json`, IPC, web mode).
// Imports nothing but zod: part of the process-boundary contract.
import { z } from 'zod';
import { regionSchema } from './regions';

/** The four clinical reasoning perspectives of the paper's Guideline-Based Advantages stage (arXiv 2601.10949). */
export const perspectiveSchema = z.enum(['differential', 'intuitive', 'analytical', 'bayesian']);
export type Perspective = z.infer<typeof perspectiveSchema>;
/** What the user picks: one perspective, or all four (then a consensus is built). */
export const perspectiveChoiceSchema = z.union([perspectiveSchema, z.literal('all')]);
export type PerspectiveChoice = z.infer<typeof perspectiveChoiceSchema>;

export const citationSchema = z.object({
  guideline: z.string(),
  passage: z.string(),
  /** The sentence of the passage that supports the step. */
  excerpt: z.string(),
  /** Support score 0..1: how much of the step the passage covers (for the model's own citations too). */
  score: z.number().min(0).max(1),
  /** `linker`: found by search; `model`: written by the model as [guideline#passage] and verified. */
  source: z.enum(['linker', 'model']).default('linker'),
  /**
   * The citation judge's probability (0..1) that the guideline supports the step
   * (models/reasoning/citationJudge.ts); linker citations chosen by the judge only.
   */
  confidence: z.number().min(0).max(1).optional(),
  /**
   * The step itself shares no words with the passage (support 0); the judge chose it because
   * the chain's earlier steps were about this guideline ("10 - 2 = 8." in an ASPECTS count).
   */
  fromChain: z.literal(true).optional(),
  /** The cited guideline as the pack names it, so an export stands on its own. */
  title: z.string().optional(),
  /** The guideline's version (e.g. "2017", "v2022"). */
  version: z.string().optional(),
  /** The edition the summary follows and the date the passage was last reviewed (YYYY-MM-DD). */
  edition: z.string().optional(),
  reviewed: z.string().optional(),
  /** Link to the published source. */
  url: z.string().optional(),
  /** The passage heading. */
  heading: z.string().optional(),
});
export type Citation = z.infer<typeof citationSchema>;

export const reasoningStepSchema = z.object({
  perspective: perspectiveSchema.nullable(),
  index: z.number().int().positive(),
  /** The model's own marker ("1", "Step 2", "-") or null for a paragraph. */
  label: z.string().nullable().default(null),
  text: z.string(),
  citations: z.array(citationSchema),
  /** True when no passage reached the support threshold: shown as "no guideline support". */
  noGuidelineSupport: z.boolean().default(false),
  /** [guideline#passage] references the model wrote that no loaded pack contains. */
  unknownCitations: z.array(z.string()).default([]),
  /** [guideline#passage] references the model wrote to a real passage that does not cover the step. */
  unsupportedCitations: z.array(z.string()).default([]),
  /** Boxes and points the step drew on the images, in source-image pixels (regions.ts). */
  regions: z.array(regionSchema).optional(),
});
export type ReasoningStep = z.infer<typeof reasoningStepSchema>;

/** Which rule of models/reasoning/parseAnswer.ts read the answer. */
export const answerViaSchema = z.enum(['answer-tag', 'boxed', 'phrase', 'letter', 'option-text']);
export type AnswerVia = z.infer<typeof answerViaSchema>;

export const reasoningAnswerSchema = z.object({
  letter: z.string().nullable(),
  text: z.string(),
  source: z.enum(['tag', 'boxed', 'phrase']),
  via: answerViaSchema.optional(),
});
export type ReasoningAnswer = z.infer<typeof reasoningAnswerSchema>;

/**
 * Answer confidence of a multiple-choice answer: option letter → probability (summing to 1),
 * the model's logits of the option letters at the token where it wrote its answer letter,
 * normalised over the options. Null when not available (no options, a backend without logits,
 * an answer not written as a letter).
 */
export const answerProbabilitiesSchema = z.record(z.string(), z.number().min(0).max(1));
export type AnswerProbabilities = z.infer<typeof answerProbabilitiesSchema>;

export const specialtyRoutingSchema = z.object({
  specialty: z.string(),
  /** Why this specialty was chosen, in words shown to the user. */
  reasons: z.array(z.string()),
  /** True when the user's choice replaced the automatic one. */
  overridden: z.boolean(),
  scores: z.record(z.string(), z.number()),
  /** One line in words: the specialty's title and the signals that decided it. */
  summary: z.string().optional(),
  /** Shown beside the routing when the user's manual choice contradicts the study (e.g. a 60-year-old under Pediatrics). */
  note: z.string().optional(),
});
export type SpecialtyRouting = z.infer<typeof specialtyRoutingSchema>;

export const perspectiveResultSchema = z.object({
  perspective: perspectiveSchema.nullable(),
  steps: z.array(reasoningStepSchema),
  answer: reasoningAnswerSchema.nullable(),
  /** This perspective's answer confidence; present when the question had options. */
  answerProbabilities: answerProbabilitiesSchema.nullable().optional(),
  /** Output text that fits no step or answer, shown as written. */
  unplaced: z.array(z.string()).default([]),
});
export type PerspectiveResult = z.infer<typeof perspectiveResultSchema>;

export const consensusVoteSchema = z.object({
  /** Normalised key the votes were grouped by (the letter, or the answer text). */
  key: z.string(),
  letter: z.string().nullable(),
  text: z.string(),
  perspectives: z.array(perspectiveSchema),
});

export const consensusSchema = z.object({
  votes: z.array(consensusVoteSchema),
  /** The answer with most votes; null when nobody answered or the top votes tie. */
  majority: consensusVoteSchema.nullable(),
  /** Share of answering perspectives that agree with the majority (0..1). */
  agreement: z.number().min(0).max(1),
  unanimous: z.boolean(),
  /** Perspectives whose answer differs from the majority (or that gave none). */
  disagreements: z.array(
    z.object({
      perspective: perspectiveSchema,
      answer: z.string().nullable(),
      majority: z.string().nullable(),
    }),
  ),
  /** Passages cited by more than one perspective, with who cited them. */
  sharedCitations: z.array(
    z.object({
      guideline: z.string(),
      passage: z.string(),
      perspectives: z.array(perspectiveSchema),
    }),
  ),
});
export type Consensus = z.infer<typeof consensusSchema>;

/**
 * A guideline calculator run on what the reasoning said (Fleischner 2017 from
 * the nodule's type, size, count and risk; Lung-RADS v2022; ACR TI-RADS): the inputs it read, what it
 * still needs, its recommendation, and a sentence when the model's answer
 * contradicts it.
 */
export const guidelineCheckSchema = z.object({
  calculator: z.string(),
  perspective: perspectiveSchema.nullable().default(null),
  inputs: z.record(z.string(), z.union([z.string(), z.number()])),
  missing: z.array(z.string()),
  result: z
    .object({
      guideline: z.string(),
      /** The category or level the table gives (Lung-RADS "4A", TI-RADS "TR4"); absent for Fleischner. */
      category: z.string().optional(),
      recommendation: z.string(),
      passage: z.string(),
      notes: z.array(z.string()).default([]),
      firstCtMonths: z.tuple([z.number(), z.number()]).nullable().optional(),
      optional: z.boolean().optional(),
    })
    .nullable(),
  /** Why the table gives no result for inputs that are all known. */
  refusal: z.string().optional(),
  contradiction: z.string().nullable(),
});
export type GuidelineCheck = z.infer<typeof guidelineCheckSchema>;

/** The reasoning part of `mmx ask --json` (runtime adds usage and timings). */
export const reasoningOutputSchema = z.object({
  steps: z.array(reasoningStepSchema),
  answer: reasoningAnswerSchema.nullable(),
  /**
   * The answer's confidence: the one perspective's, or with several the mean of the
   * perspectives' distributions that have one.
   */
  answerProbabilities: answerProbabilitiesSchema.nullable().optional(),
  specialty: z.string(),
  routing: specialtyRoutingSchema.optional(),
  consensus: consensusSchema.nullable(),
  perspectives: z.array(perspectiveResultSchema).default([]),
  unplaced: z.array(z.string()).default([]),
  /** Guideline calculators run on each perspective's steps and answer. */
  guidelineChecks: z.array(guidelineCheckSchema).default([]),
});
export type ReasoningOutput = z.infer<typeof reasoningOutputSchema>;
