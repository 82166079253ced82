import { z } from 'zod';
import { MAX_ASK_IMAGES } from '../../../electron/common/schemas/ask';
import { SAMPLING_LIMITS } from '../../../electron/common/schemas/generation';
import type { GenerateRequest, ChatMessage } from '../protocol';

const partSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.union([z.string(), z.object({ url: z.string() })]),
  }),
]);

const L = SAMPLING_LIMITS;

/**
 * The part of OpenAI's chat-completions request this server reads: the
 * messages, the token limits, the sampling fields (OpenAI's temperature,
 * top_p and seed; vLLM's top_k and repetition_penalty) and vLLM's
 * mm_processor_kwargs pixel bounds. Other fields are accepted and ignored.
 */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant', 'developer']),
        content: z.union([z.string(), z.array(partSchema)]),
      }),
    )
    .min(1),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).max(32_768).nullish(),
  max_completion_tokens: z.number().int().min(1).max(32_768).nullish(),
  temperature: z.number().min(L.temperature.min).max(L.temperature.max).nullish(),
  top_p: z.number().gt(L.topP.min).max(L.topP.max).nullish(),
  /** -1 (vLLM, SGLang, llama.cpp) and 0 both turn top-k off. */
  top_k: z.number().int().min(-1).max(L.topK.max).nullish(),
  repetition_penalty: z.number().gt(L.repetitionPenalty.min).max(L.repetitionPenalty.max).nullish(),
  seed: z.number().int().nullish(),
  mm_processor_kwargs: z
    .looseObject({
      min_pixels: z.number().int().positive().max(16_777_216).optional(),
      max_pixels: z.number().int().positive().max(16_777_216).optional(),
    })
    .nullish(),
  /** Each generated token's log-probability, and with top_logprobs the most probable alternatives. */
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Thrown for a request the server cannot serve as asked (answered as HTTP 400). */
export class BadChatRequest extends Error {
  override name = 'BadChatRequest';
}

// RFC 2397 data URL with a base64 payload.
const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/]*={0,2})$/i;

/** The runtime's chat messages: each image part's data URL decoded to its bytes, in place. */
export function toChatMessages(request: ChatRequest): ChatMessage[] {
  let images = 0;
  return request.messages.map((m) => ({
    // OpenAI's newer "developer" role is the system role of older models.
    role: m.role === 'developer' ? 'system' : m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((part) => {
            if (part.type === 'text') return part;
            const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
            const match = DATA_URL.exec(url);
            if (!match) {
              throw new BadChatRequest(
                'image_url must be a data:image/...;base64 URL: this server never fetches images from the network',
              );
            }
            if (++images > MAX_ASK_IMAGES)
              throw new BadChatRequest(`at most ${MAX_ASK_IMAGES} images per request`);
            return {
              type: 'image' as const,
              image: { bytes: new Uint8Array(Buffer.from(match[1] ?? '', 'base64')) },
            };
          }),
  }));
}

/** The request's sampling and pixel bounds as the runtime takes them (only the fields it gave). */
export function generationOf(
  request: ChatRequest,
): Pick<GenerateRequest, 'sampling' | 'imagePixels'> {
  const sampling = {
    ...(request.temperature != null && { temperature: request.temperature }),
    ...(request.top_p != null && { topP: request.top_p }),
    ...(request.top_k != null && { topK: Math.max(0, request.top_k) }),
    ...(request.repetition_penalty != null && { repetitionPenalty: request.repetition_penalty }),
    // OpenAI's seed is any integer; the runtime's PRNG takes its low 32 bits.
    ...(request.seed != null && { seed: Number(BigInt.asUintN(32, BigInt(request.seed))) }),
  };
  const kwargs = request.mm_processor_kwargs;
  const imagePixels = {
    ...(kwargs?.min_pixels !== undefined && { minPixels: kwargs.min_pixels }),
    ...(kwargs?.max_pixels !== undefined && { maxPixels: kwargs.max_pixels }),
  };
  return {
    ...(Object.keys(sampling).length > 0 && { sampling }),
    ...(Object.keys(imagePixels).length > 0 && { imagePixels }),
  };
}
