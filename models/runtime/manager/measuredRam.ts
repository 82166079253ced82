import type { ModelConfig } from '../internal/modelConfig';
import type { Dtype } from '../protocol';

/**
 * Peak RSS measured by `npm run bench -- runtime --size S --dtype D` (README
 * "Runtime at real size"): the random fixture of the real shape loaded, a
 * 1024×1024 image + 100-token question answered (the vision encoder's
 * attention over 5,476 patches is the peak), then decoding. Keyed by the
 * decoder shape the catalog and config.json both give; Qwen2.5-VL-7B shares
 * Qwen2-VL-7B's.
 */
export const MEASURED_PEAK_RSS: {
  shape: { layers: number; kvHeads: number; headDim: number };
  label: string;
  dtype: Dtype;
  bytes: number;
  /** Tokens in the cache at the peak (prompt + generated). */
  contextTokens: number;
}[] = [
  // 2 vCPU AMD EPYC, 24 GiB, onnxruntime-node 1.30, 2026-12-01 (README table).
  {
    shape: { layers: 28, kvHeads: 2, headDim: 128 },
    label: 'Qwen2-VL-2B shape',
    dtype: 'fp32',
    bytes: Math.round(16.05 * 2 ** 30),
    contextTokens: 1509,
  },
  {
    shape: { layers: 28, kvHeads: 2, headDim: 128 },
    label: 'Qwen2-VL-2B shape',
    dtype: 'q4',
    bytes: Math.round(8.79 * 2 ** 30),
    contextTokens: 1509,
  },
  {
    shape: { layers: 28, kvHeads: 4, headDim: 128 },
    label: 'Qwen2-VL-7B shape',
    dtype: 'q4',
    bytes: Math.round(13.21 * 2 ** 30),
    contextTokens: 1507,
  },
];

/**
 * The measured peak for this shape and dtype, or undefined when it was not
 * measured. Generation beyond the measured context adds KV cache, which
 * `extraBytesPerToken` covers.
 */
export function measuredRamBytes(
  c: Pick<ModelConfig, 'layers' | 'kvHeads' | 'headDim'>,
  dtype: Dtype,
): { bytes: number; contextTokens: number } | undefined {
  const hit = MEASURED_PEAK_RSS.find(
    (m) =>
      m.dtype === dtype &&
      m.shape.layers === c.layers &&
      m.shape.kvHeads === c.kvHeads &&
      m.shape.headDim === c.headDim,
  );
  return hit && { bytes: hit.bytes, contextTokens: hit.contextTokens };
}
