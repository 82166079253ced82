import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadOptions } from '../InferenceRuntime';
import type { Dtype } from '../protocol';
import { PreTrainedTokenizer, Qwen2VLImageProcessor, ort, type OrtSession } from './ml';
import { loadModelConfig, readJsonFile, type ModelConfig } from './modelConfig';
import { MODEL_PARTS, chooseDtype, onnxPath, type ModelPart } from './modelFiles';

type Json = Record<string, unknown>;

export interface KvInput {
  name: string;
  /** The matching decoder output that becomes this input on the next step. */
  present: string;
  type: 'float32' | 'float16';
  kvHeads: number;
  headDim: number;
}

export interface LoadedModel {
  dir: string;
  config: ModelConfig;
  dtype: Dtype;
  tokenizer: PreTrainedTokenizer;
  tokenizerJson: Json;
  imageProcessor: Qwen2VLImageProcessor;
  sessions: Record<ModelPart, OrtSession>;
  /** Qwen2-VL's vision encoder names it `grid_thw`, Qwen2.5-VL's `image_grid_thw`. */
  gridInputName: string;
  kvInputs: KvInput[];
  hasNumLogitsToKeep: boolean;
  eosTokenIds: Set<number>;
  loadMs: number;
}

/** onnxruntime's session options, as the ml module types them. */
export type SessionOptions = NonNullable<Parameters<typeof ort.InferenceSession.create>[1]>;

/**
 * The session options every part loads with; `npm run bench -- runtime
 * --size 2b --try "key=value"` measures alternatives (README "Runtime at
 * real size"). The intra-op threads do not spin while waiting for work
 * (session.intra_op.allow_spinning, onnxruntime_session_options_config_keys.h):
 * with the app, the UI and anything else sharing the cores, spinning threads
 * take the time slices the other thread of the same MatMul needs, and a
 * decode step of the 2B-shaped q4 model took 2.1× as long.
 */
export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  executionProviders: ['cpu'],
  logSeverityLevel: 3,
  extra: { 'session.intra_op.allow_spinning': '0' },
};

/** The chat template may sit in tokenizer_config.json or, in newer exports, in its own file. */
function readTokenizerConfig(dir: string): Json {
  const config = readJsonFile(path.join(dir, 'tokenizer_config.json'));
  if (config.chat_template === undefined || config.chat_template === null) {
    const jinja = path.join(dir, 'chat_template.jinja');
    const json = path.join(dir, 'chat_template.json');
    if (existsSync(jinja)) config.chat_template = readFileSync(jinja, 'utf8');
    else if (existsSync(json)) config.chat_template = readJsonFile(json).chat_template;
  }
  if (typeof config.chat_template !== 'string' && !Array.isArray(config.chat_template)) {
    throw new Error('tokenizer_config.json has no chat_template');
  }
  return config;
}

function requireNames(
  part: ModelPart,
  session: OrtSession,
  inputs: string[],
  outputs: string[],
): void {
  const missing = [
    ...inputs.filter((n) => !session.inputNames.includes(n)).map((n) => `input ${n}`),
    ...outputs.filter((n) => !session.outputNames.includes(n)).map((n) => `output ${n}`),
  ];
  if (missing.length) throw new Error(`onnx/${part}: missing ${missing.join(', ')}`);
}

function kvInputsOf(decoder: OrtSession, config: ModelConfig): KvInput[] {
  const kv: KvInput[] = [];
  for (let layer = 0; layer < config.layers; layer++) {
    for (const which of ['key', 'value']) {
      const name = `past_key_values.${layer}.${which}`;
      const meta = decoder.inputMetadata.find((m) => m.name === name);
      if (!meta)
        throw new Error(
          `onnx/decoder_model_merged: missing input ${name} (config says ${config.layers} layers)`,
        );
      const type = meta.isTensor ? meta.type : 'non-tensor';
      if (type !== 'float32' && type !== 'float16')
        throw new Error(`loadModel: ${name} has type ${type}, expected float32 or float16`);
      const shape = meta.isTensor ? meta.shape : [];
      // transformers.js builds the empty first-step cache from these dims;
      // named dims would become 0 (docs/MODEL-CONTRACT.md "Pitfalls seen").
      const kvHeads = typeof shape[1] === 'number' ? shape[1] : config.kvHeads;
      const headDim = typeof shape[3] === 'number' ? shape[3] : config.headDim;
      kv.push({ name, present: `present.${layer}.${which}`, type, kvHeads, headDim });
    }
  }
  return kv;
}

function eosIds(dir: string, config: ModelConfig, tokenizer: PreTrainedTokenizer): Set<number> {
  const genFile = path.join(dir, 'generation_config.json');
  const gen = existsSync(genFile) ? readJsonFile(genFile) : {};
  const fromGen = gen.eos_token_id;
  if (typeof fromGen === 'number') return new Set([fromGen]);
  if (Array.isArray(fromGen) && fromGen.length)
    return new Set(fromGen.filter((x): x is number => typeof x === 'number'));
  const ids = new Set(config.eosTokenIds);
  if (typeof tokenizer.eos_token_id === 'number') ids.add(tokenizer.eos_token_id);
  return ids;
}

/**
 * Loads a model folder (docs/MODEL-CONTRACT.md) by absolute path, with no network:
 * config, tokenizer with its chat template, image processor and the three
 * ONNX sessions of the dtype the folder holds.
 */
export async function loadModel(
  modelDir: string,
  { dtype, signal, onProgress }: LoadOptions = {},
  sessionOptions: SessionOptions = DEFAULT_SESSION_OPTIONS,
): Promise<LoadedModel> {
  const start = performance.now();
  const dir = path.resolve(modelDir);
  if (!existsSync(dir)) throw new Error(`loadModel: folder ${dir} does not exist`);
  onProgress?.({ stage: 'config', fraction: 0 });
  const config = loadModelConfig(dir);
  const chosen = chooseDtype(dir, dtype);

  onProgress?.({ stage: 'tokenizer', fraction: 0.05 });
  const tokenizerJson = readJsonFile(path.join(dir, 'tokenizer.json'));
  const tokenizer = new PreTrainedTokenizer(tokenizerJson, readTokenizerConfig(dir));
  const preprocessor = readJsonFile(path.join(dir, 'preprocessor_config.json'));
  if (preprocessor.size === undefined && preprocessor.do_resize !== true) {
    // Without `size` transformers.js skips resizing and the patch reshape fails.
    throw new Error('preprocessor_config.json needs size (or do_resize: true)');
  }
  const imageProcessor = new Qwen2VLImageProcessor(preprocessor);

  const sessions = {} as Record<ModelPart, OrtSession>;
  const weights = { embed_tokens: 0.1, vision_encoder: 0.25, decoder_model_merged: 0.6 };
  let fraction = 0.1;
  for (const part of MODEL_PARTS) {
    signal?.throwIfAborted();
    onProgress?.({ stage: part, fraction });
    const file = onnxPath(dir, part, chosen);
    try {
      sessions[part] = await ort.InferenceSession.create(file, sessionOptions);
    } catch (error) {
      const detail = (error as Error).message.split('\n')[0];
      throw new Error(`onnx/${path.basename(file)} cannot be loaded (${detail})`);
    }
    fraction += weights[part];
  }
  requireNames('embed_tokens', sessions.embed_tokens, ['input_ids'], ['inputs_embeds']);
  const gridInputName = sessions.vision_encoder.inputNames.includes('image_grid_thw')
    ? 'image_grid_thw'
    : 'grid_thw';
  requireNames(
    'vision_encoder',
    sessions.vision_encoder,
    ['pixel_values', gridInputName],
    ['image_features'],
  );
  requireNames(
    'decoder_model_merged',
    sessions.decoder_model_merged,
    ['inputs_embeds', 'attention_mask', 'position_ids'],
    ['logits'],
  );
  const kvInputs = kvInputsOf(sessions.decoder_model_merged, config);
  onProgress?.({ stage: 'ready', fraction: 1 });
  return {
    dir,
    config,
    dtype: chosen,
    tokenizer,
    tokenizerJson,
    imageProcessor,
    sessions,
    gridInputName,
    kvInputs,
    hasNumLogitsToKeep: sessions.decoder_model_merged.inputNames.includes('num_logits_to_keep'),
    eosTokenIds: eosIds(dir, config, tokenizer),
    loadMs: performance.now() - start,
  };
}

/** Frees the ONNX sessions. */
export async function releaseModel(model: LoadedModel): Promise<void> {
  await Promise.all(MODEL_PARTS.map((part) => model.sessions[part].release()));
}
