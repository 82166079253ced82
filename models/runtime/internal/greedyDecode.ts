import type { EffectiveSampling } from '../../../electron/common/schemas/generation';
import type { FinishReason } from '../protocol';
import { GREEDY, chooseToken, createSamplingState } from './chooseToken';
import type { LoadedModel } from './loadModel';
import { ort, type OrtTensor } from './ml';
import type { PreparedImages } from './prepareImages';
import { lastLogitsRow, type LogitsRow } from './logitsRow';
import { ropePositions } from './ropePositions';

// The bench, answer confidence and earlier callers import these from here.
export { argmaxLastRow, lastLogitsRow, type LogitsRow } from './logitsRow';

export const int64 = (values: BigInt64Array, dims: number[]) =>
  new ort.Tensor('int64', values, dims);

export async function embed(model: LoadedModel, ids: number[]): Promise<OrtTensor> {
  const input = int64(BigInt64Array.from(ids, BigInt), [1, ids.length]);
  return (await model.sessions.embed_tokens.run({ input_ids: input })).inputs_embeds as OrtTensor;
}

/** The vision encoder's output for all images: one feature row per image token, in order. */
export async function encodeImages(model: LoadedModel, images: PreparedImages): Promise<OrtTensor> {
  const patches = images.pixelValues.length / images.patchDim;
  const grid = int64(BigInt64Array.from(images.grids.flat(), BigInt), [images.grids.length, 3]);
  const pixels = new ort.Tensor('float32', images.pixelValues, [patches, images.patchDim]);
  const out = await model.sessions.vision_encoder.run({
    pixel_values: pixels,
    [model.gridInputName]: grid,
  });
  return out.image_features as OrtTensor;
}

/**
 * Writes feature rows `firstRow`, `firstRow + 1`, … over the embeddings of
 * the `<|image_pad|>` tokens of `ids`, in order; returns the next row.
 */
export function writeImageFeatures(
  model: LoadedModel,
  ids: readonly number[],
  embeds: OrtTensor,
  features: OrtTensor,
  firstRow: number,
): number {
  if (features.type !== embeds.type) {
    throw new Error(
      `greedyDecode: image_features are ${features.type} but inputs_embeds are ${embeds.type}`,
    );
  }
  const hidden = embeds.dims[2] as number;
  const rows = features.size / hidden;
  const target = embeds.data as Float32Array | Uint16Array;
  const source = features.data as Float32Array | Uint16Array;
  let row = firstRow;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== model.config.imageTokenId) continue;
    if (row >= rows) break;
    target.set(source.subarray(row * hidden, (row + 1) * hidden), i * hidden);
    row++;
  }
  return row;
}

/** Throws unless the prompt's image tokens and the encoder's feature rows are as many. */
export function checkImageRows(
  model: LoadedModel,
  ids: readonly number[],
  features: OrtTensor,
  written: number,
) {
  const rows = features.size / (features.dims.at(-1) as number);
  const tokens = ids.filter((id) => id === model.config.imageTokenId).length;
  if (written !== rows || tokens !== rows) {
    throw new Error(
      `greedyDecode: the prompt has ${tokens} image tokens but the vision encoder gave ${rows} features`,
    );
  }
}

/** Writes each image feature row over the embedding of its `<|image_pad|>` token, in order. */
async function mergeImageFeatures(
  model: LoadedModel,
  ids: number[],
  embeds: OrtTensor,
  images: PreparedImages,
) {
  const features = await encodeImages(model, images);
  checkImageRows(model, ids, features, writeImageFeatures(model, ids, embeds, features, 0));
}

/** An empty KV cache (past length 0) for every decoder layer. */
export function emptyCache(model: LoadedModel): Record<string, OrtTensor> {
  const empty = (type: 'float32' | 'float16') =>
    type === 'float32' ? new Float32Array(0) : new Uint16Array(0);
  const past: Record<string, OrtTensor> = {};
  for (const kv of model.kvInputs)
    past[kv.name] = new ort.Tensor(kv.type, empty(kv.type), [1, kv.kvHeads, 0, kv.headDim]);
  return past;
}

/** The decoder's inputs that do not depend on the tokens (num_logits_to_keep where the export has it). */
export function keepInputs(model: LoadedModel): Record<string, OrtTensor> {
  return model.hasNumLogitsToKeep ? { num_logits_to_keep: int64(BigInt64Array.of(1n), []) } : {};
}

/**
 * Where decoding starts: the embeddings of the tokens still to prefill,
 * their M-RoPE positions ([3, n] flattened axis-major), the KV cache of the
 * tokens before them, and the prompt's rope delta (ropePositions).
 */
export interface DecodeStart {
  embeds: OrtTensor;
  positions: BigInt64Array;
  past: Record<string, OrtTensor>;
  pastLength: number;
  delta: number;
  /** The decoder's output for `embeds`, when it was run already (a forked prefill). */
  prefilled?: Record<string, OrtTensor>;
  /** Every id of the full prompt: the repetition penalty's history before the first token. */
  promptIds: readonly number[];
}

export interface GreedyOptions {
  maxNewTokens: number;
  /** Checked after every token; true ends generation with finishReason 'cancelled'. */
  shouldStop?: () => boolean;
  onToken?: (tokenId: number, index: number) => void;
  /**
   * Called after onToken with the raw logits that chose token `index`, before
   * any repetition penalty or temperature (answer confidence reads a few ids).
   */
  onLogits?: (row: LogitsRow, index: number) => void;
  /** How each token is chosen; greedy when left out. */
  sampling?: EffectiveSampling;
  /**
   * Awaited once, after the first token, when decoding goes on past it
   * (decodeForks prefills the other forks there, so the first fork's first
   * token is streamed before they are prefilled); shouldStop is checked after it.
   */
  afterFirstToken?: () => Promise<void>;
}

export interface GreedyResult {
  tokenIds: number[];
  finishReason: FinishReason;
  /** performance.now() when the first token was ready, or undefined if none. */
  firstTokenAt?: number;
  lastTokenAt?: number;
}

/**
 * Greedy decoding over the three sessions: embed the prompt, put the image
 * features at their image tokens, prefill with M-RoPE positions, then one
 * token per decoder step reusing the KV cache. The EOS token, when reached,
 * is the last of tokenIds (as transformers' generate returns it).
 */
export async function greedyDecode(
  model: LoadedModel,
  promptIds: number[],
  images: PreparedImages | undefined,
  options: GreedyOptions,
): Promise<GreedyResult> {
  const { positions, delta } = ropePositions(promptIds, images?.grids ?? [], model.config);
  const embeds = await embed(model, promptIds);
  if (images && images.grids.length > 0) await mergeImageFeatures(model, promptIds, embeds, images);
  return decodeFrom(
    model,
    { embeds, positions, past: emptyCache(model), pastLength: 0, delta, promptIds },
    options,
  );
}

/**
 * The decode loop from a prefill: runs the decoder on `start.embeds` after
 * `start.past` (or takes its output from `start.prefilled`), then one token
 * per decoder step reusing the KV cache.
 */
export async function decodeFrom(
  model: LoadedModel,
  start: DecodeStart,
  {
    maxNewTokens,
    shouldStop,
    onToken,
    onLogits,
    sampling = GREEDY,
    afterFirstToken,
  }: GreedyOptions,
): Promise<GreedyResult> {
  const { kvInputs, sessions } = model;
  const { delta } = start;
  let { embeds, past, prefilled } = start;
  const keep = keepInputs(model);

  const tokenIds: number[] = [];
  const choice = createSamplingState(sampling, start.promptIds);
  const length = start.positions.length / 3;
  let positionIds = int64(start.positions, [3, 1, length]);
  let total = start.pastLength + length;
  const result: GreedyResult = { tokenIds, finishReason: 'length' };
  while (tokenIds.length < maxNewTokens) {
    const out =
      prefilled ??
      (await sessions.decoder_model_merged.run({
        inputs_embeds: embeds,
        attention_mask: int64(new BigInt64Array(total).fill(1n), [1, total]),
        position_ids: positionIds,
        ...past,
        ...keep,
      }));
    const next = chooseToken(out.logits as OrtTensor, choice);
    tokenIds.push(next);
    result.lastTokenAt = performance.now();
    result.firstTokenAt ??= result.lastTokenAt;
    onToken?.(next, tokenIds.length - 1);
    onLogits?.(lastLogitsRow(out.logits as OrtTensor), tokenIds.length - 1);
    if (model.eosTokenIds.has(next)) {
      result.finishReason = 'eos';
      break;
    }
    if (shouldStop?.()) {
      result.finishReason = 'cancelled';
      break;
    }
    if (tokenIds.length >= maxNewTokens) break;
    if (tokenIds.length === 1 && afterFirstToken) {
      await afterFirstToken();
      if (shouldStop?.()) {
        result.finishReason = 'cancelled';
        break;
      }
    }
    prefilled = undefined;
    past = {};
    for (const kv of kvInputs) past[kv.name] = out[kv.present] as OrtTensor;
    // Decode steps continue all three M-RoPE axes at cache length + delta.
    const p = BigInt(total + delta);
    positionIds = int64(BigInt64Array.of(p, p, p), [3, 1, 1]);
    total += 1;
    embeds = await embed(model, [next]);
  }
  return result;
}
