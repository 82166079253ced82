import { SPECIALTIES } from '../../../../electron/common/schemas/specialties';
import type { Perspective, PerspectiveChoice } from '../../../../electron/common/schemas/reasoning';
import { buildPrompt } from '../../../../models/reasoning/buildPrompt';
import { PERSPECTIVES } from '../../../../models/reasoning/perspectives';
import {
  DEFAULT_IMAGE_BOUNDS,
  imageTokenCount,
  type ImageBounds,
} from '../../../../models/reasoning/imageTokens';

/**
 * Characters per token for English clinical text with Qwen2's byte-level BPE:
 * on the low side, so the estimate errs towards "does not fit". The run
 * reports the exact count (TokenMeter).
 */
const CHARS_PER_TOKEN = 3.5;
/** `<|im_start|>`, the role, a newline, `<|im_end|>` and a newline around each message. */
const TOKENS_PER_MESSAGE = 5;
/** `<|im_start|>assistant` and a newline: where the answer starts. */
const ANSWER_PREFIX_TOKENS = 3;
/** `<|vision_start|>` and `<|vision_end|>` around each image's tokens. */
const TOKENS_PER_IMAGE_FRAME = 2;

export interface PromptEstimate {
  /** The text of the largest prompt (system prompt, question, options, template), estimated. */
  text: number;
  /** Vision tokens of the images, counted by the image processor's rule. */
  images: number;
  total: number;
}

/**
 * The prompt a question will be, in tokens, before it runs: the largest of the
 * prompts the run will send (one per perspective; every specialty's when the
 * router picks). Guideline passages the run adds are not known yet and not counted.
 */
export function estimatePromptTokens(
  {
    question,
    options,
    images,
    specialty,
    perspective,
  }: {
    question: string;
    options: Record<string, string>;
    images: ReadonlyArray<{ width: number; height: number }>;
    specialty: string;
    perspective: PerspectiveChoice;
  },
  bounds: Partial<ImageBounds> = {},
): PromptEstimate {
  const specialties: readonly string[] = specialty === 'auto' ? SPECIALTIES : [specialty];
  const perspectives: readonly Perspective[] = perspective === 'all' ? PERSPECTIVES : [perspective];
  let text = 0;
  for (const s of specialties)
    for (const p of perspectives) {
      const messages = buildPrompt({
        specialty: s,
        perspective: p,
        question,
        options,
        imageCount: images.length,
      });
      const chars = messages.reduce(
        (n, m) =>
          n +
          (typeof m.content === 'string'
            ? m.content.length
            : m.content.reduce((k, c) => k + (c.type === 'text' ? c.text.length : 0), 0)),
        0,
      );
      text = Math.max(
        text,
        Math.ceil(chars / CHARS_PER_TOKEN) +
          messages.length * TOKENS_PER_MESSAGE +
          ANSWER_PREFIX_TOKENS,
      );
    }
  // The model's bounds where it names them; the image processor's defaults for the rest.
  const resize: ImageBounds = {
    minPixels: bounds.minPixels ?? DEFAULT_IMAGE_BOUNDS.minPixels,
    maxPixels: bounds.maxPixels ?? DEFAULT_IMAGE_BOUNDS.maxPixels,
    factor: bounds.factor ?? DEFAULT_IMAGE_BOUNDS.factor,
  };
  const vision = images.reduce(
    (n, image) => n + imageTokenCount(image.width, image.height, resize) + TOKENS_PER_IMAGE_FRAME,
    0,
  );
  return { text, images: vision, total: text + vision };
}
