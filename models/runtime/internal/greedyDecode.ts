import type { EffectiveSampling } from '../../../electron/common/schemas/generation';
import type { FinishReason } from '../protocol';
import { GREEDY, chooseToken, createSamplingState } from './chooseToken';
import type { LoadedModel } from './loadModel';
import { ort, type OrtTensor } from './ml';
import type { PreparedImages } from './prepareImages';
import { ropePositions } from './ropePositions';

// The bench and earlier callers import the greedy argmax from here.
export { argmaxLastRow } from './logitsRow';

const int64 = (values: BigInt64Array, dims: number[]) => new ort.Tensor('int64', values, dims);

async function embed(model: LoadedModel, ids: number[]): Promise<OrtTensor> {
  const input = int64(BigInt64Array.from(ids, BigInt), [1, ids.length]);
  return (await model.sessions.embed_tokens.run({ input_ids: input })).inputs_embeds as OrtTensor;
}

/** Writes each image feature row over the embedding of its `<|image_pad|>` token, in order. */
async function mergeImageFeatures(
  model: LoadedModel,
  ids: number[],
  embeds: OrtTensor,
  images: PreparedImages,
) {
  const patches = images.pixelValues.length / images.patchDim;
  const grid = int64(BigInt64Array.from(images.grids.flat(), BigInt), [images.grids.length, 3]);
  const pixels = new ort.Tensor('float32', images.pixelValues, [patches, images.patchDim]);
  const out = await model.sessions.vision_encoder.run({
    pixel_values: pixels,
    [model.gridInputName]: grid,
  });
  const features = out.image_features as OrtTensor;
  if (features.type !== embeds.type) {
    throw new Error(
      `greedyDecode: image_features are ${features.type} but inputs_embeds are ${embeds.type}`,
    );
  }
  const hidden = embeds.dims[2] as number;
  const rows = features.size / hidden;
  const target = embeds.data as Float32Array | Uint16Array;
  const source = features.data as Float32Array | Uint16Array;
  let row = 0;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== model.config.imageTokenId) continue;
    if (row >= rows) break;
    target.set(source.subarray(row * hidden, (row + 1) * hidden), i * hidden);
    row++;
  }
  const tokens = ids.filter((id) => id === model.config.imageTokenId).length;
  if (row !== rows || tokens !== rows) {
    throw new Error(
      `greedyDecode: the prompt has ${tokens} image tokens but the vision encoder gave ${rows} features`,
    );
  }
}

export interface GreedyOptions {
  maxNewTokens: number;
  /** Checked after every token; true ends generation with finishReason 'cancelled'. */
  shouldStop?: () => boolean;
  onToken?: (tokenId: number, index: number) => void;
  /** How each token is chosen; greedy when left out. */
  sampling?: EffectiveSampling;
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
  { maxNewTokens, shouldStop, onToken, sampling = GREEDY }: GreedyOptions,
): Promise<GreedyResult> {
  const { config, kvInputs, sessions } = model;
  const { positions, delta } = ropePositions(promptIds, images?.grids ?? [], config);
  let embeds = await embed(model, promptIds);
  if (images && images.grids.length > 0) await mergeImageFeatures(model, promptIds, embeds, images);

  const empty = (type: 'float32' | 'float16') =>
    type === 'float32' ? new Float32Array(0) : new Uint16Array(0);
  let past: Record<string, OrtTensor> = {};
  for (const kv of kvInputs)
    past[kv.name] = new ort.Tensor(kv.type, empty(kv.type), [1, kv.kvHeads, 0, kv.headDim]);
  const keep: Record<string, OrtTensor> = model.hasNumLogitsToKeep
    ? { num_logits_to_keep: int64(BigInt64Array.of(1n), []) }
    : {};

  const tokenIds: number[] = [];
  const choice = createSamplingState(sampling, promptIds);
  let positionIds = int64(positions, [3, 1, promptIds.length]);
  let total = promptIds.length;
  const result: GreedyResult = { tokenIds, finishReason: 'length' };
  while (tokenIds.length < maxNewTokens) {
    const out = await sessions.decoder_model_merged.run({
      inputs_embeds: embeds,
      attention_mask: int64(new BigInt64Array(total).fill(1n), [1, total]),
      position_ids: positionIds,
      ...past,
      ...keep,
    });
    const next = chooseToken(out.logits as OrtTensor, choice);
    tokenIds.push(next);
    result.lastTokenAt = performance.now();
    result.firstTokenAt ??= result.lastTokenAt;
    onToken?.(next, tokenIds.length - 1);
    if (model.eosTokenIds.has(next)) {
      result.finishReason = 'eos';
      break;
    }
    if (shouldStop?.()) {
      result.finishReason = 'cancelled';
      break;
    }
    if (tokenIds.length >= maxNewTokens) break;
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
