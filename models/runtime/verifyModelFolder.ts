import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Dtype } from './protocol';
import { checkOnnxParts, type Problem } from './internal/checkOnnxParts';
import { parseModelConfig, readJsonFile, type ModelConfig } from './internal/modelConfig';
import { describeMismatch } from '../json/describeJson';

export type { Problem } from './internal/checkOnnxParts';

export interface VerifyReport {
  dir: string;
  ok: boolean;
  /** Every problem found, not just the first. */
  problems: Problem[];
  /** Dtypes with all three ONNX parts present and readable. */
  dtypes: Dtype[];
  modelType?: ModelConfig['modelType'];
  demo: boolean;
}

type Json = Record<string, unknown>;

/** Runs `check` on a JSON file, turning a missing or unparsable file into a problem. */
function withJson(
  problems: Problem[],
  dir: string,
  file: string,
  check: (json: Json) => void,
  optional = false,
): void {
  const full = path.join(dir, file);
  if (optional && !existsSync(full)) return;
  let json: Json;
  try {
    json = readJsonFile(full);
  } catch (error) {
    problems.push({ file, message: (error as Error).message.replace(`${file} `, '') });
    return;
  }
  check(json);
}

function checkPreprocessor(problems: Problem[], json: Json): void {
  const file = 'preprocessor_config.json';
  if (typeof json.processor_class !== 'string') {
    problems.push({ file, message: 'must name processor_class (e.g. "Qwen2VLProcessor")' });
  }
  const expect = { patch_size: 14, temporal_patch_size: 2, merge_size: 2 };
  for (const [key, value] of Object.entries(expect)) {
    if (json[key] !== value)
      problems.push({
        file,
        message: `${key} must be ${value}, ${describeMismatch(json[key], value)}`,
      });
  }
  const size = json.size as Json | undefined;
  if (size === undefined && json.do_resize !== true) {
    // Without it transformers.js skips resizing and the patch reshape fails (docs/MODEL-CONTRACT.md).
    problems.push({
      file,
      message: 'needs size (or do_resize: true), otherwise images are not resized to whole patches',
    });
  }
  if (typeof json.min_pixels !== 'number' && typeof size?.shortest_edge !== 'number') {
    problems.push({ file, message: 'needs min_pixels (or size.shortest_edge)' });
  }
  if (typeof json.max_pixels !== 'number' && typeof size?.longest_edge !== 'number') {
    problems.push({
      file,
      message: 'needs max_pixels (or size.longest_edge) to cap the visual tokens per image',
    });
  }
  for (const key of ['image_mean', 'image_std']) {
    const v = json[key];
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number')) {
      problems.push({ file, message: `${key} must be a list of 3 numbers` });
    }
  }
}

const REQUIRED_SPECIALS = [
  '<|im_start|>',
  '<|im_end|>',
  '<|vision_start|>',
  '<|vision_end|>',
  '<|image_pad|>',
];

function checkTokenizer(problems: Problem[], json: Json, config: ModelConfig | undefined): void {
  const file = 'tokenizer.json';
  const model = json.model as Json | undefined;
  if (model?.type !== 'BPE')
    problems.push({
      file,
      message: `model.type must be "BPE", ${describeMismatch(model?.type, 'BPE')}`,
    });
  const added = new Map<string, number>();
  for (const t of (json.added_tokens as Json[] | undefined) ?? []) {
    if (typeof t.content === 'string' && typeof t.id === 'number') added.set(t.content, t.id);
  }
  const missing = REQUIRED_SPECIALS.filter((t) => !added.has(t));
  if (missing.length)
    problems.push({ file, message: `lacks the Qwen special tokens ${missing.join(' ')}` });
  if (!config) return;
  const ids: [string, number][] = [
    ['image_token_id', config.imageTokenId],
    ['vision_start_token_id', config.visionStartTokenId],
    ['vision_end_token_id', config.visionEndTokenId],
  ];
  const tokens = ['<|image_pad|>', '<|vision_start|>', '<|vision_end|>'];
  ids.forEach(([key, id], i) => {
    const token = tokens[i] as string;
    const actual = added.get(token);
    if (actual !== undefined && actual !== id) {
      problems.push({
        file: 'config.json',
        message: `${key} is ${id} but the tokenizer gives ${token} id ${actual}`,
      });
    }
  });
}

function checkTokenizerConfig(problems: Problem[], dir: string, json: Json): void {
  const file = 'tokenizer_config.json';
  let template = json.chat_template;
  if (template === undefined || template === null) {
    const jinja = path.join(dir, 'chat_template.jinja');
    if (existsSync(jinja)) template = readFileSync(jinja, 'utf8');
  }
  if (typeof template !== 'string' && !Array.isArray(template)) {
    problems.push({ file, message: 'has no chat_template (and there is no chat_template.jinja)' });
  } else if (typeof template === 'string' && !template.includes('<|image_pad|>')) {
    problems.push({
      file,
      message: 'chat_template never writes <|image_pad|>, so images cannot be shown to the model',
    });
  }
}

/**
 * Checks a model folder against docs/MODEL-CONTRACT.md and lists every problem:
 * missing or unreadable files, config fields, tokenizer specials and chat
 * template, preprocessor settings, ONNX input/output names, types and
 * fixed KV dims. Reads only headers of the .onnx files.
 */
export function verifyModelFolder(modelDir: string): VerifyReport {
  const dir = path.resolve(modelDir);
  const problems: Problem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return {
      dir,
      ok: false,
      problems: [{ file: '.', message: existsSync(dir) ? 'is not a folder' : 'does not exist' }],
      dtypes: [],
      demo: false,
    };
  }
  let config: ModelConfig | undefined;
  let modelType: ModelConfig['modelType'] | undefined;
  withJson(problems, dir, 'config.json', (json) => {
    const parsed = parseModelConfig(json);
    config = parsed.config;
    if (json.model_type === 'qwen2_vl' || json.model_type === 'qwen2_5_vl')
      modelType = json.model_type;
    problems.push(
      ...parsed.problems.map((message) => ({
        file: 'config.json',
        message: message.replace('config.json: ', ''),
      })),
    );
  });
  withJson(problems, dir, 'generation_config.json', () => {}, true);
  withJson(problems, dir, 'preprocessor_config.json', (json) => checkPreprocessor(problems, json));
  withJson(problems, dir, 'tokenizer.json', (json) => checkTokenizer(problems, json, config));
  withJson(problems, dir, 'tokenizer_config.json', (json) =>
    checkTokenizerConfig(problems, dir, json),
  );
  const onnx = checkOnnxParts(dir, config);
  problems.push(...onnx.problems);
  return {
    dir,
    ok: problems.length === 0,
    problems,
    dtypes: onnx.dtypes,
    modelType,
    demo: config?.demo ?? false,
  };
}
