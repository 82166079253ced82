import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPixelBounds } from '../../models/runtime/generationDefaults';

/** What bounds a prompt for a model folder: its context length and the pixels one image is resized into. */
export interface ModelLimits {
  /** config.json max_position_embeddings (text_config's for Qwen2.5-VL exports). */
  contextLength?: number;
  /** preprocessor_config.json min_pixels / max_pixels (or size.shortest_edge / longest_edge). */
  minPixels?: number;
  maxPixels?: number;
}

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const json: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof json === 'object' && json !== null
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The model's context length from config.json, or undefined when the folder does not say. */
export async function readContextLength(dir: string): Promise<number | undefined> {
  const config = await readJson(join(dir, 'config.json'));
  const text = config?.text_config as Record<string, unknown> | undefined;
  return positive(config?.max_position_embeddings ?? text?.max_position_embeddings);
}

/**
 * The limits the ask form shows a prompt against before a run. Files that are
 * missing or unreadable leave their fields out; `mmx model verify` reports them.
 * The pixel bounds come from the worker's own reader (readPixelBounds), so the
 * meter and the image processor agree.
 */
export async function readModelLimits(dir: string): Promise<ModelLimits> {
  const limits: ModelLimits = {};
  const contextLength = await readContextLength(dir);
  const { minPixels, maxPixels } = readPixelBounds(dir);
  if (contextLength) limits.contextLength = contextLength;
  if (minPixels) limits.minPixels = minPixels;
  if (maxPixels) limits.maxPixels = maxPixels;
  return limits;
}
