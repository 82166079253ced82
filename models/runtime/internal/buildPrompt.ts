import type { ChatMessage, ImageSource, ParsedGenerateRequest } from '../protocol';
import type { PreTrainedTokenizer } from './ml';

export const IMAGE_PAD = '<|image_pad|>';

/** The request as chat messages, images first in a plain question (as MedXpertQA-MM prompts do). */
export function requestMessages(request: ParsedGenerateRequest): ChatMessage[] {
  if (request.messages) return request.messages;
  const messages: ChatMessage[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  messages.push({
    role: 'user',
    content: [
      ...(request.images ?? []).map((image) => ({ type: 'image' as const, image })),
      { type: 'text' as const, text: request.question ?? '' },
    ],
  });
  return messages;
}

/**
 * Renders the folder's chat template and returns the prompt text with one
 * `<|image_pad|>` per image, and the images in the order the text shows them.
 */
export function renderChat(
  tokenizer: PreTrainedTokenizer,
  messages: ChatMessage[],
): { text: string; images: ImageSource[] } {
  const images: ImageSource[] = [];
  const conversation = messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((part) => {
            if (part.type === 'text') return { type: 'text', text: part.text };
            images.push(part.image);
            return { type: 'image' };
          }),
  }));
  const text = tokenizer.apply_chat_template(conversation, {
    add_generation_prompt: true,
    tokenize: false,
  }) as string;
  const shown = text.split(IMAGE_PAD).length - 1;
  if (shown !== images.length) {
    throw new Error(
      `renderChat: the chat template shows ${shown} image(s) but the request has ${images.length}`,
    );
  }
  return { text, images };
}

/**
 * Expands each `<|image_pad|>` to that image's patch count / merge², as the
 * Python Qwen2-VL processor does, and tokenizes.
 */
export function tokenizePrompt(
  tokenizer: PreTrainedTokenizer,
  text: string,
  grids: ReadonlyArray<readonly [number, number, number]>,
  spatialMergeSize: number,
): number[] {
  const pieces = text.split(IMAGE_PAD);
  let expanded = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i++) {
    const grid = grids[i - 1];
    if (!grid) throw new Error(`tokenizePrompt: no grid for image ${i}`);
    const count = (grid[0] * grid[1] * grid[2]) / spatialMergeSize ** 2;
    expanded += IMAGE_PAD.repeat(count) + pieces[i];
  }
  return tokenizer.encode(expanded, { add_special_tokens: false });
}
