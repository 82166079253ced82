import { z } from 'zod';
import { MAX_ASK_IMAGES } from '../../../electron/common/schemas/ask';
import type { ChatMessage } from '../protocol';

const partSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.union([z.string(), z.object({ url: z.string() })]),
  }),
]);

/**
 * The part of OpenAI's chat-completions request this server reads. Other
 * fields (temperature, top_p, ...) are accepted and ignored: the local
 * runtime decodes greedily.
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
