import type { ModelConfig } from '../internal/modelConfig';
import type { Dtype } from '../protocol';
import { measuredRamBytes } from './measuredRam';

/**
 * Parameter count from config.json (Qwen2 decoder + Qwen2-VL vision tower),
 * counted layer by layer; biases and norms included, rounding aside.
 */
export function estimateParameters(c: ModelConfig): number {
  const h = c.hiddenSize;
  const kv = c.kvHeads * c.headDim;
  const q = c.attentionHeads * c.headDim;
  const attention = h * q + q + 2 * (h * kv + kv) + q * h;
  const mlp = 3 * h * c.intermediateSize;
  const decoder = c.layers * (attention + mlp + 2 * h) + h;
  const embeddings = c.vocabSize * h * (c.tieWordEmbeddings ? 1 : 2);
  const e = c.vision.embedDim;
  const visionBlock =
    3 * e * e + 3 * e + e * e + e + 2 * e * c.vision.mlpDim + c.vision.mlpDim + e + 4 * e;
  const merged = 4 * e;
  const merger = e + merged * merged + merged + merged * c.vision.outHidden + c.vision.outHidden;
  const vision = c.vision.depth > 0 ? 1176 * e + c.vision.depth * visionBlock + merger : 0;
  return Math.round(decoder + embeddings + vision);
}

/** Context the RAM estimate leaves room for (KV cache). */
const CONTEXT_TOKENS = 4096;
/** onnxruntime, tokenizer, image buffers and the worker's Node heap. */
const RUNTIME_OVERHEAD = 300 * 2 ** 20;

/**
 * RAM one loaded model needs with a KV cache of 4096 tokens: the peak RSS
 * measured at this shape and dtype (measuredRam.ts) plus the cache beyond
 * the measured context; for shapes never measured, its weights, the cache
 * and the runtime.
 */
export function estimateRamBytes(
  c: Pick<ModelConfig, 'layers' | 'kvHeads' | 'headDim'>,
  dtype: Dtype,
  weightBytes: number,
): number {
  const kvBytesPerValue = dtype === 'fp16' || dtype === 'q4f16' ? 2 : 4;
  const kvPerToken = 2 * c.layers * c.kvHeads * c.headDim * kvBytesPerValue;
  const measured = measuredRamBytes(c, dtype);
  if (measured)
    return Math.round(
      measured.bytes + Math.max(0, CONTEXT_TOKENS - measured.contextTokens) * kvPerToken,
    );
  return Math.round(weightBytes * 1.1 + kvPerToken * CONTEXT_TOKENS + RUNTIME_OVERHEAD);
}

export interface RamFit {
  requiredBytes: number;
  totalBytes: number;
  /** fits: under 60 % of RAM; tight: under 90 %; too-large: more. */
  verdict: 'fits' | 'tight' | 'too-large';
  message: string;
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;

/** Whether a model's estimated RAM fits this machine (pass os.totalmem()). */
export function estimateRamFit(
  manifest: { estimatedRamBytes: number },
  totalBytes: number,
): RamFit {
  const requiredBytes = manifest.estimatedRamBytes;
  const share = requiredBytes / totalBytes;
  const verdict = share <= 0.6 ? 'fits' : share <= 0.9 ? 'tight' : 'too-large';
  const message =
    verdict === 'fits'
      ? `needs about ${gib(requiredBytes)} of ${gib(totalBytes)} RAM`
      : verdict === 'tight'
        ? `needs about ${gib(requiredBytes)} of ${gib(totalBytes)} RAM; close other programs first`
        : `needs about ${gib(requiredBytes)} but this computer has ${gib(totalBytes)} RAM; choose a smaller or quantized model`;
  return { requiredBytes, totalBytes, verdict, message };
}
