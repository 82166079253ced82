import type { ChatMessage } from '../protocol';
import { modelImagePng } from './modelImagePng';

export type OpenAiContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface OpenAiMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | OpenAiContentPart[];
}

/** Chat messages as the OpenAI chat-completions API takes them: each image a PNG data URL, in place. */
export async function toOpenAiMessages(messages: ChatMessage[]): Promise<OpenAiMessage[]> {
  let imageNumber = 0;
  const out: OpenAiMessage[] = [];
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
      const png = await modelImagePng(part.image, `image ${++imageNumber}`);
      parts.push({
        type: 'image_url',
        image_url: {
          url: `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`,
        },
      });
    }
    out.push({ role: message.role, content: parts });
  }
  return out;
}
