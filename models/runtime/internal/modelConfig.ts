import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeJsonSyntaxError, describeMismatch } from '../../json/describeJson';

/** The numbers the runtime needs from config.json, read from text_config first (Qwen2.5-VL) then the top level. */
export interface ModelConfig {
  modelType: 'qwen2_vl' | 'qwen2_5_vl';
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  tieWordEmbeddings: boolean;
  imageTokenId: number;
  visionStartTokenId: number;
  visionEndTokenId: number;
  spatialMergeSize: number;
  eosTokenIds: number[];
  vision: { depth: number; embedDim: number; mlpDim: number; outHidden: number };
  /** config.json says this is a demo model (`"mmx_demo": true`). */
  demo: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const asIds = (v: unknown): number[] =>
  typeof v === 'number'
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is number => typeof x === 'number')
      : [];

/** Reads a JSON file, or throws naming the file and what is wrong with it. */
export function readJsonFile(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${path.basename(file)} is missing`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path.basename(file)} is ${describeJsonSyntaxError(text, error)}`);
  }
  if (!isObject(value)) throw new Error(`${path.basename(file)} must hold a JSON object`);
  return value;
}

/**
 * Checks config.json against docs/MODEL-CONTRACT.md and returns every problem
 * found, plus the normalized config when it is usable.
 */
export function parseModelConfig(json: Json): { config?: ModelConfig; problems: string[] } {
  const problems: string[] = [];
  const modelType = json.model_type;
  if (modelType !== 'qwen2_vl' && modelType !== 'qwen2_5_vl') {
    problems.push(
      `config.json: model_type must be "qwen2_vl" or "qwen2_5_vl", ${describeMismatch(modelType, 'qwen2_vl')}`,
    );
  }
  const text = isObject(json.text_config) ? json.text_config : undefined;
  if (modelType === 'qwen2_5_vl') {
    // transformers.js 4.3 reads the language model of qwen2_5_vl from text_config.
    if (!text) problems.push('config.json: qwen2_5_vl needs a text_config object');
    else if (text.model_type !== 'qwen2_5_vl_text') {
      problems.push(
        `config.json: text_config.model_type must be "qwen2_5_vl_text", ${describeMismatch(text.model_type, 'qwen2_5_vl_text')}`,
      );
    }
  }
  const pick = (key: string): unknown => (text && key in text ? text[key] : json[key]);
  const need = (key: string): number => {
    const n = asNumber(pick(key));
    if (n === undefined || n <= 0 || !Number.isInteger(n)) {
      problems.push(
        `config.json: ${key} must be a positive integer${text ? ' (in text_config or at the top level)' : ''}`,
      );
      return 0;
    }
    return n;
  };
  const layers = need('num_hidden_layers');
  const hiddenSize = need('hidden_size');
  const attentionHeads = need('num_attention_heads');
  const kvHeads = need('num_key_value_heads');
  const intermediateSize = need('intermediate_size');
  const vocabSize = need('vocab_size');
  const headDim = asNumber(pick('head_dim')) ?? (attentionHeads ? hiddenSize / attentionHeads : 0);

  const tokenId = (key: string): number => {
    const n = asNumber(json[key]) ?? asNumber(text?.[key]);
    if (n === undefined) problems.push(`config.json: ${key} is missing`);
    return n ?? -1;
  };
  const imageTokenId = tokenId('image_token_id');
  const visionStartTokenId = tokenId('vision_start_token_id');
  const visionEndTokenId = tokenId('vision_end_token_id');

  const rope = pick('rope_scaling') ?? pick('rope_parameters');
  if (!isObject(rope) || !Array.isArray(rope.mrope_section)) {
    problems.push('config.json: rope_scaling.mrope_section is missing (M-RoPE needs it)');
  }

  const visionJson = isObject(json.vision_config) ? json.vision_config : undefined;
  if (!visionJson) problems.push('config.json: vision_config is missing');
  const v = visionJson ?? {};
  const spatialMergeSize = asNumber(v.spatial_merge_size) ?? 2;
  const depth = asNumber(v.depth) ?? 0;
  const embedDim = asNumber(v.embed_dim) ?? asNumber(v.hidden_size) ?? 0;
  const mlpDim = asNumber(v.intermediate_size) ?? (asNumber(v.mlp_ratio) ?? 4) * embedDim;
  const outHidden = asNumber(v.out_hidden_size) ?? asNumber(v.hidden_size) ?? hiddenSize;

  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      modelType: modelType as ModelConfig['modelType'],
      layers,
      hiddenSize,
      attentionHeads,
      kvHeads,
      headDim,
      intermediateSize,
      vocabSize,
      tieWordEmbeddings: pick('tie_word_embeddings') === true,
      imageTokenId,
      visionStartTokenId,
      visionEndTokenId,
      spatialMergeSize,
      eosTokenIds: asIds(pick('eos_token_id')),
      vision: { depth, embedDim, mlpDim, outHidden },
      demo: json.mmx_demo === true,
    },
  };
}

/** Reads and checks `<dir>/config.json`; throws one message listing the problems. */
export function loadModelConfig(modelDir: string): ModelConfig {
  const { config, problems } = parseModelConfig(readJsonFile(path.join(modelDir, 'config.json')));
  if (!config) throw new Error(problems.join('; '));
  return config;
}
