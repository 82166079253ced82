import type { EffectiveSampling } from '../../../electron/common/schemas/generation';
import {
  checkImageRows,
  decodeFrom,
  embed,
  emptyCache,
  encodeImages,
  int64,
  keepInputs,
  writeImageFeatures,
  type DecodeStart,
  type GreedyResult,
  type LogitsRow,
} from './greedyDecode';
import type { LoadedModel } from './loadModel';
import type { OrtTensor } from './ml';
import type { PreparedImages } from './prepareImages';
import { ropePositions } from './ropePositions';

/**
 * How many leading tokens all prompts share, leaving every prompt at least
 * one token of its own (its own prefill gives its first logits).
 */
export function sharedPrefixLength(prompts: readonly (readonly number[])[]): number {
  const first = prompts[0];
  if (!first) return 0;
  const limit = Math.min(...prompts.map((p) => p.length)) - 1;
  let n = 0;
  while (n < limit && prompts.every((p) => p[n] === first[n])) n++;
  return n;
}

/** Positions [from, to) of each of the three M-RoPE axes of a [3, length] array. */
function slicePositions(positions: BigInt64Array, length: number, from: number, to: number) {
  const out = new BigInt64Array(3 * (to - from));
  for (let axis = 0; axis < 3; axis++)
    out.set(positions.subarray(axis * length + from, axis * length + to), axis * (to - from));
  return out;
}

/** One decoder run over `embeds` after a cache of `pastLength` tokens. */
function prefill(
  model: LoadedModel,
  embeds: OrtTensor,
  positions: BigInt64Array,
  past: Record<string, OrtTensor>,
  pastLength: number,
) {
  const length = positions.length / 3;
  const total = pastLength + length;
  return model.sessions.decoder_model_merged.run({
    inputs_embeds: embeds,
    attention_mask: int64(new BigInt64Array(total).fill(1n), [1, total]),
    position_ids: int64(positions, [3, 1, length]),
    ...past,
    ...keepInputs(model),
  });
}

export interface ForkOptions {
  /** One limit for every fork, or one per fork. */
  maxNewTokens: number | readonly number[];
  /** Checked after every prefill and token; true ends every fork not yet done with 'cancelled'. */
  shouldStop?: () => boolean;
  onToken?: (fork: number, tokenId: number, index: number) => void;
  /** Right after onToken, with the logits that chose the token (greedyDecode's onLogits). */
  onLogits?: (fork: number, row: LogitsRow, index: number) => void;
  /**
   * How each fork chooses its tokens, one for all or one per fork; greedy
   * when left out. Each fork has its own seeded random stream and its own
   * repetition-penalty history (its full prompt and its own tokens).
   */
  sampling?: EffectiveSampling | readonly (EffectiveSampling | undefined)[];
}

export interface ForkResult extends GreedyResult {
  /**
   * performance.now() when this fork's first token was ready: the first
   * fork's once chosen and streamed, the others' once their prefill is done
   * (every fork is prefilled before the first fork's second token).
   */
  readyAt?: number;
  /**
   * performance.now() when this fork started decoding after its first token
   * (the first fork: after the other forks' prefills), and when it ended.
   */
  decodeStart?: number;
  decodeEnd: number;
}

/**
 * Decoding of several prompts that share their images and a token
 * prefix (the perspectives of one question): the vision encoder and the
 * prefix prefill run once, the prefix's KV cache is forked (ORT outputs
 * are not changed by a run, so each fork takes them as its past, with no
 * copy), each fork's own tokens are prefilled after it, and then each fork
 * decodes to its end, one after another, in order. The first fork's first
 * token is chosen (and streamed) right after its own prefill, before the
 * other forks' prefills: the first text reaches the user as soon as one
 * perspective alone would give it, while every fork still has its first
 * token before the first fork's second. Each fork gets the M-RoPE positions
 * of its full prompt, which agree on the shared prefix because
 * ropePositions only looks back. The tokens are those of greedyDecode on
 * each full prompt: on the CPU execution provider the split prefill gave
 * bit-identical logits and KV to the one-shot one for the fixture graphs
 * (each row's sums run in the same order); a fused attention kernel or
 * another provider may sum in another order, and a near-tie could then
 * flip one argmax.
 */
export async function decodeForks(
  model: LoadedModel,
  prompts: readonly number[][],
  images: PreparedImages | undefined,
  { maxNewTokens, shouldStop, onToken, onLogits, sampling }: ForkOptions,
): Promise<{ results: ForkResult[]; sharedTokens: number }> {
  const grids = images?.grids ?? [];
  const shared = sharedPrefixLength(prompts);
  const ropes = prompts.map((ids) => ropePositions(ids, grids, model.config));
  const features = images && grids.length > 0 ? await encodeImages(model, images) : undefined;

  const prefixIds = (prompts[0] ?? []).slice(0, shared);
  let past = emptyCache(model);
  let prefixRows = 0;
  if (shared > 0) {
    const embeds = await embed(model, prefixIds);
    if (features) prefixRows = writeImageFeatures(model, prefixIds, embeds, features, 0);
    const positions = slicePositions(ropes[0]!.positions, prompts[0]!.length, 0, shared);
    const out = await prefill(model, embeds, positions, past, 0);
    past = {};
    for (const kv of model.kvInputs) past[kv.name] = out[kv.present] as OrtTensor;
  }

  // Fork i's own tokens, prefilled after the shared cache.
  const prefillFork = async (i: number) => {
    const ids = prompts[i]!;
    const own = ids.slice(shared);
    const embeds = await embed(model, own);
    if (features)
      checkImageRows(
        model,
        ids,
        features,
        writeImageFeatures(model, own, embeds, features, prefixRows),
      );
    const positions = slicePositions(ropes[i]!.positions, ids.length, shared, ids.length);
    const prefilled = await prefill(model, embeds, positions, past, shared);
    const start: DecodeStart = {
      embeds,
      positions,
      past,
      pastLength: shared,
      delta: ropes[i]!.delta,
      prefilled,
      promptIds: ids,
    };
    return { start, readyAt: performance.now() };
  };
  const starts: { start: DecodeStart; readyAt: number }[] = [];
  if (prompts.length > 0 && !shouldStop?.()) starts.push(await prefillFork(0));
  // The other forks are prefilled right after the first fork's first token, before its second.
  let restPrefilled = false;
  let firstResumedAt: number | undefined;
  const prefillRest = async () => {
    restPrefilled = true;
    for (let i = 1; i < prompts.length; i++) {
      if (shouldStop?.()) break;
      starts.push(await prefillFork(i));
    }
    firstResumedAt = performance.now();
  };

  const results: ForkResult[] = [];
  let stopped = false;
  for (let i = 0; i < starts.length && !stopped; i++) {
    const { start, readyAt } = starts[i]!;
    const decoded = await decodeFrom(model, start, {
      maxNewTokens: typeof maxNewTokens === 'number' ? maxNewTokens : (maxNewTokens[i] ?? 0),
      shouldStop,
      onToken: (tokenId, index) => onToken?.(i, tokenId, index),
      onLogits: onLogits && ((row, index) => onLogits(i, row, index)),
      sampling: sampling && 'decoding' in sampling ? sampling : sampling?.[i],
      ...(i === 0 && { afterFirstToken: prefillRest }),
    });
    stopped = decoded.finishReason === 'cancelled';
    // A first fork that ended at its first token (EOS, its limit) leaves the others still to prefill.
    if (i === 0 && !restPrefilled && !stopped) await prefillRest();
    // The first fork's first token was chosen and streamed before the others' prefills; the
    // others' first tokens are ready when their prefill is (decodeFrom chooses them later).
    const ready = i === 0 ? (decoded.firstTokenAt ?? readyAt) : readyAt;
    const resumed = i === 0 && decoded.tokenIds.length > 1 ? firstResumedAt : undefined;
    results.push({
      ...decoded,
      readyAt: ready,
      firstTokenAt: ready,
      decodeStart: resumed ?? decoded.firstTokenAt,
      decodeEnd: performance.now(),
    });
  }
  while (results.length < prompts.length)
    results.push({ tokenIds: [], finishReason: 'cancelled', decodeEnd: performance.now() });
  return { results, sharedTokens: shared };
}
