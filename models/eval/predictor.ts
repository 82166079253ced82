import type { LetterLogits } from '../runtime/protocol';

/**
 * The one thing the benchmark harness needs from a model: answer one prompt
 * about some images. The real implementation runs the inference worker
 * (runtimePredictor.ts); tests may pass any object of this shape.
 */
export interface PredictInput {
  /** Absolute image file paths, in the order the question shows them. */
  images: string[];
  /** Optional system message (the official MedXpertQA prompts set one). */
  system?: string;
  /** The user turn; the images come before this text in the chat. */
  prompt: string;
  /** Upper bound on generated tokens. */
  maxNewTokens: number;
  /** The question's option letters: the prediction then carries their logits (answer confidence). */
  answerLetters?: string;
}

export interface Prediction {
  /** The model's whole output text. */
  text: string;
  /** Generated tokens. */
  tokens: number;
  /** Wall time of this prediction in milliseconds. */
  ms: number;
  /** The option letters' logits where the output writes one (when answerLetters was given and the backend has them). */
  letterLogits?: LetterLogits[];
}

export interface Predictor {
  predict(input: PredictInput, signal: AbortSignal): Promise<Prediction>;
  /** Frees the model (ends the worker). Safe to call twice. */
  close(): Promise<void>;
}
