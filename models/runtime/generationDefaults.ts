import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  SAMPLING_LIMITS,
  type EffectiveSampling,
  type SamplingSettings,
} from '../../electron/common/schemas/generation';
import { DEFAULT_IMAGE_BOUNDS, type ImageBounds } from '../reasoning/imageTokens';

/** What a model folder's generation_config.json says about sampling (transformers' GenerationConfig). */
export interface GenerationDefaults {
  doSample: boolean;
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
}

type Json = Record<string, unknown>;

/** A JSON file of the folder, or {} when it is missing or unreadable (loadModel reports broken files). */
function readOptionalJson(file: string): Json {
  if (!existsSync(file)) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : {};
  } catch {
    return {};
  }
}

/** A number within (or at) the bounds, else undefined: a value out of range falls back to transformers' default. */
function inRange(
  value: unknown,
  { min, max }: { min: number; max: number },
  { integer = false, exclusiveMin = false } = {},
): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (integer && !Number.isInteger(value)) return undefined;
  if (exclusiveMin ? value <= min : value < min) return undefined;
  return value <= max ? value : undefined;
}

/** The sampling fields of `<dir>/generation_config.json`; a missing file means greedy, as in transformers. */
export function readGenerationDefaults(dir: string): GenerationDefaults {
  const json = readOptionalJson(path.join(dir, 'generation_config.json'));
  const L = SAMPLING_LIMITS;
  return {
    doSample: json.do_sample === true,
    temperature: inRange(json.temperature, L.temperature),
    topP: inRange(json.top_p, L.topP, { exclusiveMin: true }),
    topK: inRange(json.top_k, L.topK, { integer: true }),
    repetitionPenalty: inRange(json.repetition_penalty, L.repetitionPenalty, {
      exclusiveMin: true,
    }),
  };
}

/** A 32-bit seed for a sampled run that named none, reported back so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/**
 * The settings a run uses: each of the user's values, else the model's,
 * else transformers' GenerationConfig defaults (temperature 1, top-k 50,
 * top-p 1, penalty 1). The model samples only when its config says do_sample
 * (or the user gives a temperature above 0); temperature 0 is greedy.
 */
export function resolveSampling(
  user: SamplingSettings = {},
  model: GenerationDefaults = { doSample: false },
  seed: () => number = randomSeed,
): EffectiveSampling {
  const temperature = user.temperature ?? (model.doSample ? (model.temperature ?? 1) : 0);
  const repetitionPenalty = user.repetitionPenalty ?? model.repetitionPenalty ?? 1;
  if (temperature === 0) {
    return { decoding: 'greedy', temperature: 0, topP: 1, topK: 0, repetitionPenalty };
  }
  return {
    decoding: 'sampling',
    temperature,
    topP: user.topP ?? model.topP ?? 1,
    topK: user.topK ?? model.topK ?? 50,
    repetitionPenalty,
    seed: user.seed ?? seed(),
  };
}

/** What `<dir>/preprocessor_config.json` says of the pixel bounds: min_pixels / max_pixels (or size.shortest_edge / longest_edge) and patch × merge size, each undefined when absent. */
export function readPixelBounds(dir: string): Partial<ImageBounds> {
  const json = readOptionalJson(path.join(dir, 'preprocessor_config.json'));
  const size = (typeof json.size === 'object' && json.size !== null ? json.size : {}) as Json;
  const positive = (v: unknown) =>
    typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
  const patch = positive(json.patch_size);
  const merge = positive(json.merge_size);
  const bounds: Partial<ImageBounds> = {};
  const minPixels = positive(json.min_pixels) ?? positive(size.shortest_edge);
  const maxPixels = positive(json.max_pixels) ?? positive(size.longest_edge);
  if (minPixels) bounds.minPixels = minPixels;
  if (maxPixels) bounds.maxPixels = maxPixels;
  if (patch || merge) bounds.factor = (patch ?? 14) * (merge ?? 2);
  return bounds;
}

/** The pixel bounds an image is resized into, as transformers.js reads them: the folder's, else the processor's defaults. */
export function readImageBounds(dir: string): ImageBounds {
  const { minPixels, maxPixels, factor } = readPixelBounds(dir);
  return {
    minPixels: minPixels ?? DEFAULT_IMAGE_BOUNDS.minPixels,
    maxPixels: maxPixels ?? DEFAULT_IMAGE_BOUNDS.maxPixels,
    factor: factor ?? DEFAULT_IMAGE_BOUNDS.factor,
  };
}
