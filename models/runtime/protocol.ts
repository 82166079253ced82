import { z } from 'zod';
import { appErrorDataSchema } from '../../electron/common/appError';
import { MAX_ASK_IMAGES } from '../../electron/common/schemas/ask';
import {
  effectiveSamplingSchema,
  imagePixelsSchema,
  samplingSettingsSchema,
} from '../../electron/common/schemas/generation';
import { affineSchema, pixelSizeSchema } from '../../electron/common/schemas/regions';
import { timingsSchema, usageSchema } from '../../electron/common/schemas/usage';

/**
 * The inference worker's wire contract: every message that crosses the
 * process boundary (child_process.fork or Electron utilityProcess) is one of
 * these schemas and is validated on receipt, on both sides (STYLE habit 2).
 */

/** An image as a file path, encoded file bytes (PNG/JPEG/DICOM) or 8-bit RGB pixels. */
export const imageSourceSchema = z.union([
  z.object({ path: z.string().min(1) }),
  z.object({ bytes: z.instanceof(Uint8Array), name: z.string().optional() }),
  z.object({
    rgb: z.object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      data: z.instanceof(Uint8Array),
    }),
  }),
]);
export type ImageSource = z.infer<typeof imageSourceSchema>;

export const contentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), image: imageSourceSchema }),
]);
export type ContentPart = z.infer<typeof contentPartSchema>;

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([z.string(), z.array(contentPartSchema)]),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * Either chat `messages`, or a plain `question` (with optional `images` and
 * `system`) that becomes one user turn: images first, then the text.
 */
export const generateRequestSchema = z
  .object({
    messages: z.array(chatMessageSchema).min(1).optional(),
    question: z.string().optional(),
    images: z.array(imageSourceSchema).max(MAX_ASK_IMAGES).optional(),
    system: z.string().optional(),
    maxNewTokens: z.number().int().min(1).max(32_768).default(512),
    /** How tokens are chosen; what is left out comes from the model's generation_config.json. */
    sampling: samplingSettingsSchema.optional(),
    /** The image processor's pixel bounds (a detail level, or min/max pixels) over the model's. */
    imagePixels: imagePixelsSchema.optional(),
    /**
     * Option letters of a multiple-choice question ("ABCDE"): the runtime then keeps the
     * letters' logits (a server: logprobs) at each token that writes one, for answer confidence.
     */
    answerLetters: z
      .string()
      .regex(/^[A-Za-z]{2,26}$/, 'answerLetters must be 2 to 26 letters')
      .optional(),
    /**
     * Report each generated token's log-probability and this many most probable alternatives
     * (OpenAI's `top_logprobs`; `mmx serve --openai` passes it through). Costs a pass over the
     * vocabulary per token, so only when asked.
     */
    topLogprobs: z.number().int().min(0).max(20).optional(),
  })
  .refine((r) => (r.messages === undefined) !== (r.question === undefined), {
    message: 'give either messages or question',
  });
export type GenerateRequest = z.input<typeof generateRequestSchema>;
export type ParsedGenerateRequest = z.output<typeof generateRequestSchema>;

/** Most requests one generate-forks call takes (the four perspectives, with room to spare). */
export const MAX_FORKS = 8;

/**
 * Requests that share their images and the start of their prompt (the
 * perspectives of one question): the local runtime prefills that shared
 * part once and forks it (internal/decodeForks.ts). Images that are the
 * same object in several requests cross the process boundary once (the
 * structured clone keeps shared references).
 */
export const generateForksRequestSchema = z.array(generateRequestSchema).min(1).max(MAX_FORKS);

// Usage and timings cross into the UI too: they live in the shared contract.
export {
  timingsSchema,
  usageSchema,
  type Timings,
  type Usage,
} from '../../electron/common/schemas/usage';

export const finishReasonSchema = z.enum(['eos', 'length', 'cancelled']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

/**
 * The option letters' logits (or log-probabilities: only differences matter) at one generated
 * token that writes an option letter; `start`..`end` is that token's text in the output.
 */
export const letterLogitsSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  logits: z.record(z.string(), z.number()),
});
export type LetterLogits = z.infer<typeof letterLogitsSchema>;

/**
 * How one image reached the model (models/reasoning/mapRegions.ts ImageGeometry
 * without the frame): the pixels handed to the processor, the size it resized
 * them to, and the map from the handed pixels back to the file's pixels.
 */
export const seenImageSchema = z.object({
  size: pixelSizeSchema,
  modelSize: pixelSizeSchema,
  toSource: affineSchema,
});
export type SeenImageGeometry = z.infer<typeof seenImageSchema>;

export const generateResultSchema = z.object({
  text: z.string(),
  tokenIds: z.array(z.number().int()),
  finishReason: finishReasonSchema,
  cancelled: z.boolean(),
  imageCount: z.number().int(),
  usage: usageSchema,
  timings: timingsSchema,
  /** Peak resident memory of the worker process so far. */
  peakRssBytes: z.number().int(),
  /** The served model that answered (a server backend's model or specialty expert); absent for the local runtime. */
  model: z.string().optional(),
  /** The sampling the answer was made with (a server: only what was sent to it). */
  sampling: effectiveSamplingSchema.partial().optional(),
  /** Vision tokens of each image, in prompt order, as the image processor sized it (local runtime). */
  imageTokens: z.array(z.number().int().nonnegative()).optional(),
  /** Of a forked generation: the prompt tokens shared with the other forks and prefilled once for all. */
  sharedPromptTokens: z.number().int().nonnegative().optional(),
  /** Present when the request named answerLetters and the backend reports logits (see letterLogitsSchema). */
  letterLogits: z.array(letterLogitsSchema).optional(),
  /** Each image in prompt order as the model saw it; absent where the backend cannot tell. */
  images: z.array(seenImageSchema).optional(),
});
export type GenerateResult = z.infer<typeof generateResultSchema>;

export const tokenLogprobSchema = z.object({
  logprob: z.number(),
  top: z.array(z.object({ token: z.string(), logprob: z.number() })),
});
export type TokenLogprob = z.infer<typeof tokenLogprobSchema>;

/** Streamed while generating: one `token` per generated token, `text` when new characters are complete. */
export const generateEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('token'),
    index: z.number().int(),
    tokenId: z.number().int(),
    /** When the worker had this token, in ms since it took the request (events arrive batched). */
    elapsedMs: z.number().nonnegative(),
    /** With topLogprobs: this token's log-probability and the most probable alternatives. */
    logprob: tokenLogprobSchema.optional(),
    /** With answerLetters, on a token that writes an option letter: the letters' logits there. */
    letterLogits: letterLogitsSchema.optional(),
  }),
  z.object({ type: z.literal('text'), text: z.string() }),
  /** Before the first token: how each image reached the model (also on the result). */
  z.object({ type: z.literal('images'), images: z.array(seenImageSchema) }),
]);
export type GenerateEvent = z.infer<typeof generateEventSchema>;

export const loadProgressSchema = z.object({
  stage: z.enum([
    'config',
    'tokenizer',
    'embed_tokens',
    'vision_encoder',
    'decoder_model_merged',
    'ready',
  ]),
  /** 0..1 over the whole load. */
  fraction: z.number().min(0).max(1),
});
export type LoadProgress = z.infer<typeof loadProgressSchema>;

export const dtypeSchema = z.enum(['fp32', 'fp16', 'q8', 'q4', 'q4f16']);
export type Dtype = z.infer<typeof dtypeSchema>;

export const modelInfoSchema = z.object({
  modelDir: z.string(),
  modelType: z.enum(['qwen2_vl', 'qwen2_5_vl']),
  dtype: dtypeSchema,
  layers: z.number().int(),
  hiddenSize: z.number().int(),
  loadMs: z.number(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

const id = z.number().int().nonnegative();

/** Parent → worker. */
export const workerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('load'),
    id,
    modelDir: z.string().min(1),
    dtype: dtypeSchema.optional(),
  }),
  z.object({ type: z.literal('generate'), id, request: generateRequestSchema }),
  z.object({ type: z.literal('generate-forks'), id, requests: generateForksRequestSchema }),
  z.object({ type: z.literal('cancel'), id }),
  z.object({ type: z.literal('unload'), id }),
]);
export type WorkerRequest = z.input<typeof workerRequestSchema>;

/** Worker → parent. */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('progress'), id, progress: loadProgressSchema }),
  z.object({ type: z.literal('loaded'), id, info: modelInfoSchema }),
  /**
   * Generate events in order, batched: the worker posts the first token at once and then at
   * most one message per EVENT_BATCH_MS, so IPC does not cost every decode step a message.
   */
  z.object({
    type: z.literal('events'),
    id,
    /** Which request of a generate-forks call the events belong to; absent for generate. */
    fork: z.number().int().nonnegative().optional(),
    events: z.array(generateEventSchema).min(1),
  }),
  z.object({ type: z.literal('result'), id, result: generateResultSchema }),
  z.object({ type: z.literal('fork-results'), id, results: z.array(generateResultSchema) }),
  z.object({ type: z.literal('unloaded'), id }),
  z.object({ type: z.literal('error'), id, error: appErrorDataSchema }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** Longest the worker holds generate events back; below one display frame, so streaming looks the same. */
export const EVENT_BATCH_MS = 16;
