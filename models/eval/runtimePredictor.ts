import { resolve } from 'node:path';
import type { InferenceRuntime } from '../runtime/InferenceRuntime';
import { ModelRuntime, type ModelRuntimeOptions } from '../runtime/ModelRuntime';
import type { GenerateRequest, LoadProgress } from '../runtime/protocol';
import type { Predictor } from './predictor';

/**
 * A Predictor that runs the real inference worker (models/runtime): the model
 * loads once in its own process, each question is one generation (greedy unless `generation` or the model's generation_config.json samples) with
 * the images first and then the prompt, and close() ends the process. If the
 * worker crashes, that question fails and the runtime reloads the model in a
 * fresh process for the next one.
 */
export async function createRuntimePredictor(
  modelDir: string,
  {
    signal,
    onLoadProgress,
    launch,
    runtime = new ModelRuntime({ launch }),
    generation = {},
  }: {
    signal?: AbortSignal;
    onLoadProgress?: (p: LoadProgress) => void;
    launch?: ModelRuntimeOptions['launch'];
    /** Another backend, e.g. an OpenAI-compatible server (modelDir is then ignored). */
    runtime?: InferenceRuntime;
    /** Sampling and image pixel bounds for every question (`mmx eval --temperature ... --image-detail ...`). */
    generation?: Pick<GenerateRequest, 'sampling' | 'imagePixels'>;
  } = {},
): Promise<Predictor> {
  try {
    await runtime.load(resolve(modelDir), { signal, onProgress: onLoadProgress });
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
  return {
    async predict(input, predictSignal) {
      const started = performance.now();
      const result = await runtime.generate(
        {
          question: input.prompt,
          images: input.images.map((path) => ({ path })),
          system: input.system,
          maxNewTokens: input.maxNewTokens,
          ...generation,
          ...(input.answerLetters && { answerLetters: input.answerLetters }),
        },
        { signal: predictSignal },
      );
      if (result.cancelled)
        throw predictSignal.reason ?? new Error('createRuntimePredictor: generation cancelled');
      return {
        text: result.text,
        tokens: result.usage.completionTokens,
        ms: performance.now() - started,
        ...(result.letterLogits && { letterLogits: result.letterLogits }),
      };
    },
    close: () => runtime.dispose(),
  };
}
