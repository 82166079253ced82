import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dtype } from '../protocol';

/** The three ONNX sessions of a Qwen2-VL / Qwen2.5-VL folder (docs/MODEL-CONTRACT.md "Files"). */
export const MODEL_PARTS = ['embed_tokens', 'vision_encoder', 'decoder_model_merged'] as const;
export type ModelPart = (typeof MODEL_PARTS)[number];

/** File-name suffix per dtype, as transformers.js names them (q8 is `_quantized`). */
export const DTYPE_SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

/** CPU preference when several are present: exact first, then the fast integer kernels; fp16 is slow on CPU. */
const PREFERENCE: Dtype[] = ['fp32', 'q8', 'q4', 'q4f16', 'fp16'];

export function onnxPath(modelDir: string, part: ModelPart, dtype: Dtype): string {
  return path.join(modelDir, 'onnx', `${part}${DTYPE_SUFFIX[dtype]}.onnx`);
}

/** Dtypes for which all three parts exist in the folder, in preference order. */
export function availableDtypes(modelDir: string): Dtype[] {
  return PREFERENCE.filter((dtype) =>
    MODEL_PARTS.every((part) => existsSync(onnxPath(modelDir, part, dtype))),
  );
}

/**
 * Picks the dtype to load: the requested one if complete, else the first
 * complete one in preference order; throws naming what is missing.
 */
export function chooseDtype(modelDir: string, requested?: Dtype): Dtype {
  const available = availableDtypes(modelDir);
  if (requested) {
    if (available.includes(requested)) return requested;
    throw new Error(
      `chooseDtype: the folder has no complete ${requested} set of onnx/{${MODEL_PARTS.join(',')}}${DTYPE_SUFFIX[requested]}.onnx` +
        (available.length ? ` (available: ${available.join(', ')})` : ''),
    );
  }
  const first = available[0];
  if (!first) {
    throw new Error(
      `chooseDtype: no complete set of onnx/{${MODEL_PARTS.join(',')}}.onnx in any dtype (${Object.keys(DTYPE_SUFFIX).join(', ')})`,
    );
  }
  return first;
}
