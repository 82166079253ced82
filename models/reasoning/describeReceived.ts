import type { ChatMessage, ImageSource } from '../runtime/protocol';
import type { Perspective } from '../../electron/common/schemas/reasoning';

/** One message as the model received it: its role and its text, images as `<image N>` where they sit. */
export interface ReceivedMessage {
  role: ChatMessage['role'];
  text: string;
}

/** An image as handed to the model's image processor: its place in the prompt and its size in pixels. */
export interface ReceivedImage {
  index: number;
  width?: number;
  height?: number;
}

export interface ReceivedPrompt {
  perspective: Perspective;
  messages: ReceivedMessage[];
}

/** The marker for image `index` (1-based) in the prompt text shown to the user. */
export const imageMarker = (index: number) => `<image ${index}>`;

/**
 * The chat messages of each perspective as plain text, with a numbered marker
 * where each image sits, so the user can read exactly what went to the model.
 */
export function describeReceivedPrompts(
  prompts: readonly { perspective: Perspective; messages: readonly ChatMessage[] }[],
): ReceivedPrompt[] {
  return prompts.map(({ perspective, messages }) => {
    let image = 0;
    return {
      perspective,
      messages: messages.map((m) => ({
        role: m.role,
        text:
          typeof m.content === 'string'
            ? m.content
            : m.content
                .map((part) => (part.type === 'text' ? part.text : imageMarker(++image)))
                .join(''),
      })),
    };
  });
}

/** The size of each image as given to the model (RGB pixels, or a PNG's IHDR). */
export function describeReceivedImages(images: readonly ImageSource[]): ReceivedImage[] {
  return images.map((image, i) => ({ index: i + 1, ...imageSize(image) }));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function imageSize(image: ImageSource): { width?: number; height?: number } {
  if ('rgb' in image) return { width: image.rgb.width, height: image.rgb.height };
  if (!('bytes' in image)) return {};
  const b = image.bytes;
  // PNG: the signature, then the IHDR chunk with width and height as 32-bit big-endian (RFC 2083, 4.1.1).
  if (b.length < 24 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return {};
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
