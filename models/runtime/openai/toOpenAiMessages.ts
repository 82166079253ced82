import type { ChatMessage, SeenImageGeometry } from '../protocol';
import { modelImage } from './modelImagePng';

export type OpenAiContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface OpenAiMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | OpenAiContentPart[];
}

/**
 * Chat messages as the OpenAI chat-completions API takes them: each image a
 * PNG data URL, in place; `images` says how each was sent, in prompt order.
 */
export async function toOpenAiMessages(
  messages: ChatMessage[],
): Promise<{ messages: OpenAiMessage[]; images: SeenImageGeometry[] }> {
  let imageNumber = 0;
  const out: OpenAiMessage[] = [];
  const images: SeenImageGeometry[] = [];
  for (const message of messages) {
    if (typeof message.content === 'string') {
      out.push({ role: message.role, content: message.content });
      continue;
    }
    const parts: OpenAiContentPart[] = [];
    for (const part of message.content) {
      if (part.type === 'text') {
        parts.push(part);
        continue;
      }
      const { png, seen } = await modelImage(part.image, `image ${++imageNumber}`);
      images.push(seen);
      parts.push({
        type: 'image_url',
        image_url: {
          url: `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`,
        },
      });
    }
    out.push({ role: message.role, content: parts });
  }
  return { messages: out, images };
}
