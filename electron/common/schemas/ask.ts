import { z } from 'zod';
import {
  perspectiveChoiceSchema,
  perspectiveResultSchema,
  perspectiveSchema,
  reasoningAnswerSchema,
  reasoningOutputSchema,
  reasoningStepSchema,
  specialtyRoutingSchema,
} from './reasoning';
import { timingsSchema, usageSchema } from './usage';
import { askSaveToSchema } from './cases';
import { effectiveSamplingSchema, imagePixelsSchema, samplingSettingsSchema } from './generation';
import { affineSchema, pixelSizeSchema } from './regions';

/**
 * Images per question, in the app, the contract, the worker and `mmx ask`:
 * MedXpertQA-MM has up to 6 images per question (arXiv 2501.18362).
 */
export const MAX_ASK_IMAGES = 6;

/** The one sentence for a question with too many images, wherever it is refused. */
export const tooManyImagesMessage = (count: number) =>
  `A question can carry at most ${MAX_ASK_IMAGES} images; ${count} were given.`;

/**
 * The pixel cap of every image the model sees: 1024 × 1024, about 1,340
 * visual tokens for Qwen2-VL's 28 × 28 merged patches (docs/MODEL-CONTRACT.md).
 */
export const MODEL_MAX_PIXELS = 1024 * 1024;

/** Letters of multiple-choice options (MedXpertQA-MM has five, A–E). */
export const optionLetterSchema = z.enum(['A', 'B', 'C', 'D', 'E']);
export type OptionLetter = z.infer<typeof optionLetterSchema>;

/**
 * An image as the model sees it: packed 8-bit RGB, row-major, at most
 * MODEL_MAX_PIXELS, produced by models/dicom modelPixels. It crosses Electron
 * IPC as a Uint8Array (structured clone); web mode's JSON carries it as base64
 * (electron/common/jsonBytes.ts).
 */
export const askImageSchema = z
  .object({
    name: z.string().min(1).max(512),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    rgb: z.instanceof(Uint8Array),
    /**
     * Where the pixels came from, so the model's boxes can be drawn back on
     * the source (regions.ts): `toSource` maps these pixels to the source
     * frame's (modelPixels' toSource: the cap and the view's rotation and
     * flips undone), `frame` is the source frame (0-based), `item` the
     * viewer's own id of the file (never sent to the model).
     */
    origin: z
      .object({
        toSource: affineSchema,
        frame: z.number().int().nonnegative(),
        item: z.string().max(256).optional(),
      })
      .optional(),
  })
  .refine((image) => image.width * image.height <= MODEL_MAX_PIXELS, {
    message: `an image may have at most ${MODEL_MAX_PIXELS} pixels`,
    path: ['width'],
  })
  .refine((image) => image.rgb.length === image.width * image.height * 3, {
    message: 'rgb must hold width × height × 3 bytes',
    path: ['rgb'],
  });
export type AskImage = z.infer<typeof askImageSchema>;

/**
 * DICOM attributes used to route the question to a specialty. They reach the
 * model's prompt only when the user allows it (includeInPrompt), and then
 * quoted as data.
 */
export const studyContextSchema = z.object({
  modality: z.string().max(64).optional(),
  bodyPart: z.string().max(128).optional(),
  studyDescription: z.string().max(256).optional(),
  patientAgeYears: z.number().min(0).max(150).optional(),
  includeInPrompt: z.boolean().default(false),
});
export type StudyContext = z.infer<typeof studyContextSchema>;

export const askRequestSchema = z
  .object({
    question: z.string().trim().min(1, 'type a question').max(4000),
    images: z.array(askImageSchema).max(MAX_ASK_IMAGES, {
      error: (issue) => tooManyImagesMessage((issue.input as unknown[]).length),
    }),
    /** 'auto' routes from the study context and the question. */
    specialty: z.string().min(1).max(64).default('auto'),
    perspective: perspectiveChoiceSchema.default('analytical'),
    /** Multiple-choice options A–E, if the question has them. */
    options: z.partialRecord(optionLetterSchema, z.string().min(1).max(1000)).optional(),
    context: studyContextSchema.optional(),
    maxNewTokens: z.number().int().min(1).max(4096).optional(),
    /** Temperature, top-p, top-k, repetition penalty, seed; left out: the model's generation_config.json. */
    sampling: samplingSettingsSchema.optional(),
    /** The image detail level (vision tokens per image), or explicit pixel bounds. */
    imagePixels: imagePixelsSchema.optional(),
    /** Save the run to a case (the app's automatic save; off in its settings leaves this out). */
    saveTo: askSaveToSchema.optional(),
  })
  .strict();
export type AskRequest = z.input<typeof askRequestSchema>;

export const askEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    phase: z.enum(['loading', 'generating']),
    message: z.string(),
    perspective: perspectiveSchema.nullable(),
    /** While loading: how much of the model is loaded, 0..1. */
    fraction: z.number().min(0).max(1).optional(),
  }),
  z.object({ type: z.literal('routing'), routing: specialtyRoutingSchema }),
  z.object({
    type: z.literal('text'),
    perspective: perspectiveSchema.nullable(),
    delta: z.string(),
  }),
  z.object({ type: z.literal('step'), step: reasoningStepSchema }),
  z.object({
    type: z.literal('answer'),
    perspective: perspectiveSchema.nullable(),
    answer: reasoningAnswerSchema,
  }),
  z.object({ type: z.literal('perspective-done'), result: perspectiveResultSchema }),
]);
export type AskEvent = z.infer<typeof askEventSchema>;

export const askResultSchema = reasoningOutputSchema.extend({
  /** The raw model output per perspective, as generated. */
  texts: z.array(z.object({ perspective: perspectiveSchema.nullable(), text: z.string() })),
  usage: usageSchema,
  timings: timingsSchema,
  cancelled: z.boolean(),
  model: z.object({
    id: z.string(),
    /** The model that answered (a server's specialty expert when routing picked one). */
    name: z.string(),
    /** The folder's hash; '' for a served model. */
    sha256: z.string(),
    demo: z.boolean(),
    /** host:port of the OpenAI-compatible server that answered; absent for the local runtime. */
    server: z.string().optional(),
  }),
  packVersions: z.array(z.object({ id: z.string(), version: z.string() })),
  /** Exactly what went to the model: the prompt text of each perspective, the images' sizes, the parameters. */
  received: z
    .object({
      prompts: z.array(
        z.object({
          perspective: perspectiveSchema,
          /** Tokens of this prompt (images included) as the model counted them. */
          promptTokens: z.number().int().nonnegative().optional(),
          /** Images appear in the text as `<image N>` where they sit in the prompt. */
          messages: z.array(
            z.object({ role: z.enum(['system', 'user', 'assistant']), text: z.string() }),
          ),
        }),
      ),
      images: z.array(
        z.object({
          index: z.number().int().positive(),
          width: z.number().int().positive().optional(),
          height: z.number().int().positive().optional(),
          /** Vision tokens the image processor made of it (local runtime). */
          tokens: z.number().int().nonnegative().optional(),
          /** The pixel size the model saw (its processor's resize), when the runtime says. */
          modelSize: pixelSizeSchema.optional(),
        }),
      ),
      parameters: z.object({
        maxNewTokens: z.number().int().positive(),
        decoding: z.enum(['greedy', 'sampling']),
        /** The sampling the first perspective ran with (a server: what was sent to it). */
        sampling: effectiveSamplingSchema.partial().optional(),
        /** The image detail level or pixel bounds asked for. */
        imagePixels: imagePixelsSchema.optional(),
        specialty: z.string(),
        perspective: perspectiveChoiceSchema,
        /** The model's context length (max_position_embeddings in its config.json), when it says. */
        contextLength: z.number().int().positive().optional(),
      }),
    })
    .optional(),
  /** Where the run was saved (with `saveTo`). */
  caseId: z.string().optional(),
  runId: z.string().optional(),
  /** Why the run could not be saved; the answer is still here. */
  saveError: z.string().optional(),
});
export type AskResult = z.infer<typeof askResultSchema>;
