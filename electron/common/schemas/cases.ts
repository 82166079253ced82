// The case: a study's de-identified images with every reasoning run about
// them. This is the `case.json` of a `.mmxcase` bundle, `mmx case show
// --json`, and what the renderer receives. Imports nothing but zod.
import { z } from 'zod';
import {
  consensusSchema,
  guidelineCheckSchema,
  perspectiveChoiceSchema,
  perspectiveResultSchema,
  reasoningAnswerSchema,
  reasoningStepSchema,
  specialtyRoutingSchema,
} from './reasoning';
import { timingsSchema, usageSchema } from './usage';

/** The case document's format; a bundle or store naming a newer one is refused. */
export const CASE_SCHEMA_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase SHA-256 hex digest');
const isoTime = z.iso.datetime({ offset: true });
const caseId = z.string().regex(/^[0-9a-z-]{8,64}$/, 'must be a case id');

/** An image exactly as the model received it (8-bit PNG), named by its SHA-256. */
export const caseImageSchema = z
  .object({
    sha256,
    /** The display name (the user's file name, or "image 1" when names are replaced). */
    name: z.string().min(1).max(512),
    mediaType: z.literal('image/png'),
    size: z.number().int().positive(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
  })
  .strict();
export type CaseImage = z.infer<typeof caseImageSchema>;

/** An original file (DICOM or raster) the images were rendered from. */
export const caseOriginalSchema = z
  .object({
    sha256,
    name: z.string().min(1).max(512),
    mediaType: z.enum(['application/dicom', 'image/png', 'image/jpeg', 'image/webp']),
    size: z.number().int().positive(),
    /** True once PS3.15 Annex E basic-profile de-identification ran on it (every bundle original). */
    deidentified: z.boolean(),
  })
  .strict();
export type CaseOriginal = z.infer<typeof caseOriginalSchema>;

/** Which model answered: a local folder by name and SHA-256, or a server model. */
export const caseModelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), name: z.string(), sha256: z.string() }).strict(),
  z.object({ kind: z.literal('server'), name: z.string(), server: z.string() }).strict(),
]);
export type CaseModel = z.infer<typeof caseModelSchema>;

/** One question asked about the case's images and everything the run produced. */
export const caseRunSchema = z
  .object({
    id: caseId,
    created: isoTime,
    question: z.string().min(1).max(4000),
    options: z.record(z.string(), z.string()).default({}),
    perspective: perspectiveChoiceSchema,
    specialty: z.string(),
    routing: specialtyRoutingSchema.nullable().default(null),
    model: caseModelSchema,
    packVersions: z.array(z.object({ id: z.string(), version: z.string() })).default([]),
    steps: z.array(reasoningStepSchema),
    perspectives: z.array(perspectiveResultSchema).default([]),
    consensus: consensusSchema.nullable().default(null),
    guidelineChecks: z.array(guidelineCheckSchema).default([]),
    answer: reasoningAnswerSchema.nullable(),
    /** The answer as one line of text (the `--json` document's `answer`). */
    answerText: z.string(),
    usage: usageSchema,
    timings: timingsSchema,
    /** SHA-256 of each case image the run was about, in the order sent. */
    imageIds: z.array(sha256).max(6),
    /** The run this one follows up (a thread about the same images); null for a first question. */
    followUpOf: caseId.nullable().default(null),
  })
  .strict();
export type CaseRun = z.infer<typeof caseRunSchema>;
export type CaseRunInput = z.input<typeof caseRunSchema>;

/** The study attributes that routed the runs (never the patient's identity). */
export const caseStudyContextSchema = z
  .object({
    modality: z.string().max(64).optional(),
    bodyPart: z.string().max(128).optional(),
    studyDescription: z.string().max(256).optional(),
    patientAgeYears: z.number().min(0).max(150).optional(),
  })
  .strict();
export type CaseStudyContext = z.infer<typeof caseStudyContextSchema>;

export const caseDocumentSchema = z
  .object({
    schema: z.literal('mmx-case'),
    version: z.literal(CASE_SCHEMA_VERSION),
    id: caseId,
    title: z.string().min(1).max(300),
    created: isoTime,
    updated: isoTime,
    notes: z.string().max(100_000),
    studyContext: caseStudyContextSchema.nullable(),
    images: z.array(caseImageSchema).max(64),
    originals: z.array(caseOriginalSchema).max(64),
    runs: z.array(caseRunSchema).max(1000),
  })
  .strict();
export type CaseDocument = z.infer<typeof caseDocumentSchema>;

/** One row of the case list (`mmx case list --json`'s `cases[]`). */
export const caseSummarySchema = z.object({
  id: caseId,
  title: z.string(),
  created: isoTime,
  updated: isoTime,
  runs: z.number().int().nonnegative(),
  /** The specialty of the latest run; null before the first. */
  specialty: z.string().nullable(),
  /** The model label of the latest run; null before the first. */
  model: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseListFilterSchema = z
  .object({
    search: z.string().trim().max(500).optional(),
    specialty: z.string().max(64).optional(),
    model: z.string().max(200).optional(),
    /** Cases updated at or after / before these times. */
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .strict();
export type CaseListFilter = z.infer<typeof caseListFilterSchema>;

/** How an ask saves its run: to the open case, or a new one (title from the question unless given). */
export const askSaveToSchema = z
  .object({
    caseId: caseId.nullable(),
    title: z.string().trim().min(1).max(300).optional(),
    /** The run of the case this question follows up: the model gets the thread's questions and answers. */
    followUpOf: caseId.optional(),
  })
  .strict();
export type AskSaveTo = z.infer<typeof askSaveToSchema>;

const base64 = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

/** A case as the app opens it: the document and its images as PNG base64. */
export const caseViewSchema = z.object({
  case: caseDocumentSchema,
  images: z.array(z.object({ sha256, pngBase64: base64(48 * 1024 * 1024) })),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const caseIdRequestSchema = z.object({ id: caseId }).strict();

/** A bundle crossing the process boundary (web mode's request body limit caps it near 36 MiB). */
export const caseBundleDataSchema = z.object({
  fileName: z.string().min(1).max(300),
  bundleBase64: base64(48 * 1024 * 1024),
  /** Sentences for the user (burned-in text in de-identified originals). */
  warnings: z.array(z.string()).default([]),
});
