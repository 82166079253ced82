import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dtype } from '../protocol';
import type { ModelConfig } from './modelConfig';
import { DTYPE_SUFFIX, MODEL_PARTS, onnxPath, type ModelPart } from './modelFiles';
import { readOnnxGraphIO, type OnnxGraphIO, type OnnxValueInfo } from './readOnnxGraphIO';

export interface Problem {
  file: string;
  message: string;
}

/**
 * Value names and external-data locations are strings from the file: a
 * message shows them only when they look like names (no spaces, no control
 * characters, not long), and counts the rest, so a crafted file cannot put
 * its text in front of the user.
 */
const NAME_LIKE = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/;

function listNames(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.filter((n) => NAME_LIKE.test(n));
  const others = names.length - shown.length;
  if (others > 0) shown.push(others === 1 ? 'one other name' : `${others} other names`);
  return shown.join(', ');
}

/** Element types a float tensor of each dtype may use at the session boundary. */
const FLOATS = ['float32', 'float16'];

function checkValue(
  problems: Problem[],
  file: string,
  kind: 'input' | 'output',
  values: OnnxValueInfo[],
  name: string,
  want: { types: string[]; rank: number; fixed?: Record<number, number | 'fixed' | undefined> },
): void {
  const value = values.find((v) => v.name === name);
  if (!value) {
    problems.push({
      file,
      message: `missing ${kind} ${name} (has: ${listNames(values.map((v) => v.name))})`,
    });
    return;
  }
  if (!want.types.includes(value.type)) {
    problems.push({
      file,
      message: `${kind} ${name} is ${value.type}, expected ${want.types.join(' or ')}`,
    });
  }
  if (value.shape.length !== want.rank) {
    problems.push({
      file,
      message: `${kind} ${name} has rank ${value.shape.length}, expected ${want.rank}`,
    });
    return;
  }
  for (const [axis, size] of Object.entries(want.fixed ?? {})) {
    if (size === undefined) continue;
    const dim = value.shape[Number(axis)];
    if (typeof dim !== 'number') {
      const what = size === 'fixed' ? 'a fixed number' : `the fixed number ${size}`;
      problems.push({
        file,
        message: `${kind} ${name} dim ${axis} must be ${what}, got ${dim === undefined ? 'none' : 'a symbolic dimension'}`,
      });
    } else if (size !== 'fixed' && dim !== size) {
      problems.push({
        file,
        message: `${kind} ${name} dim ${axis} is ${dim}, config says ${size}`,
      });
    }
  }
}

function checkPart(
  problems: Problem[],
  part: ModelPart,
  file: string,
  io: OnnxGraphIO,
  config: ModelConfig | undefined,
): void {
  const hidden = config?.hiddenSize;
  const { inputs, outputs } = io;
  if (part === 'embed_tokens') {
    checkValue(problems, file, 'input', inputs, 'input_ids', { types: ['int64'], rank: 2 });
    checkValue(problems, file, 'output', outputs, 'inputs_embeds', {
      types: FLOATS,
      rank: 3,
      fixed: { 2: hidden },
    });
  } else if (part === 'vision_encoder') {
    // 3 channels · temporal_patch_size 2 · 14 · 14 (docs/MODEL-CONTRACT.md); pixel_values are always f32.
    checkValue(problems, file, 'input', inputs, 'pixel_values', {
      types: ['float32'],
      rank: 2,
      fixed: { 1: 1176 },
    });
    // transformers.js feeds `grid_thw` to Qwen2-VL and `image_grid_thw` to Qwen2.5-VL.
    const grid = config?.modelType === 'qwen2_vl' ? 'grid_thw' : 'image_grid_thw';
    checkValue(problems, file, 'input', inputs, grid, {
      types: ['int64'],
      rank: 2,
      fixed: { 1: 3 },
    });
    checkValue(problems, file, 'output', outputs, 'image_features', {
      types: FLOATS,
      rank: 2,
      fixed: { 1: hidden },
    });
  } else {
    checkValue(problems, file, 'input', inputs, 'inputs_embeds', {
      types: FLOATS,
      rank: 3,
      fixed: { 2: hidden },
    });
    checkValue(problems, file, 'input', inputs, 'attention_mask', { types: ['int64'], rank: 2 });
    checkValue(problems, file, 'input', inputs, 'position_ids', {
      types: ['int64'],
      rank: 3,
      fixed: { 0: 3 },
    });
    checkValue(problems, file, 'output', outputs, 'logits', {
      types: FLOATS,
      rank: 3,
      fixed: { 2: config?.vocabSize },
    });
    const pastNames = inputs
      .filter((v) => v.name.startsWith('past_key_values.'))
      .map((v) => v.name);
    if (config && pastNames.length !== 2 * config.layers) {
      problems.push({
        file,
        message: `has ${pastNames.length} past_key_values inputs, expected ${2 * config.layers} (key and value for ${config.layers} layers)`,
      });
    }
    const layers = config?.layers ?? pastNames.length / 2;
    for (let layer = 0; layer < layers; layer++) {
      for (const which of ['key', 'value']) {
        // KV heads and head_dim must be fixed: transformers.js builds the empty
        // first-step cache from these shapes (docs/MODEL-CONTRACT.md "Pitfalls seen").
        const fixed = { 1: config?.kvHeads ?? 'fixed', 3: config?.headDim ?? 'fixed' } as const;
        checkValue(problems, file, 'input', inputs, `past_key_values.${layer}.${which}`, {
          types: FLOATS,
          rank: 4,
          fixed,
        });
        checkValue(problems, file, 'output', outputs, `present.${layer}.${which}`, {
          types: FLOATS,
          rank: 4,
        });
      }
    }
  }
  for (const data of io.externalDataFiles) {
    if (!existsSync(path.join(path.dirname(file), data))) {
      problems.push({ file, message: `external data file ${listNames([data])} is missing` });
    }
  }
}

/**
 * Checks the onnx/ folder: which dtypes have all three parts, and the
 * inputs, outputs and shapes of every part file present.
 */
export function checkOnnxParts(
  dir: string,
  config: ModelConfig | undefined,
): { problems: Problem[]; dtypes: Dtype[] } {
  const problems: Problem[] = [];
  const dtypes: Dtype[] = [];
  const dtypesWithFiles = (Object.keys(DTYPE_SUFFIX) as Dtype[]).filter((dtype) =>
    MODEL_PARTS.some((part) => existsSync(onnxPath(dir, part, dtype))),
  );
  if (dtypesWithFiles.length === 0) {
    problems.push({
      file: 'onnx/',
      message: `no model files: expected onnx/{${MODEL_PARTS.join(',')}}.onnx (or a dtype suffix: ${Object.values(DTYPE_SUFFIX).filter(Boolean).join(', ')})`,
    });
  }
  for (const dtype of dtypesWithFiles) {
    let complete = true;
    for (const part of MODEL_PARTS) {
      const file = onnxPath(dir, part, dtype);
      const rel = path.relative(dir, file);
      if (!existsSync(file)) {
        complete = false;
        problems.push({ file: rel, message: `missing (needed with the other ${dtype} files)` });
        continue;
      }
      try {
        checkPart(problems, part, rel, readOnnxGraphIO(file), config);
      } catch (error) {
        complete = false;
        problems.push({
          file: rel,
          message: (error as Error).message.replace(/^readOnnxGraphIO: \S+ /, ''),
        });
      }
    }
    if (complete) dtypes.push(dtype);
  }
  return { problems, dtypes };
}
