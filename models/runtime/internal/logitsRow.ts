/** IEEE 754 half → float, for fp16 logits (ORT hands float16 over as Uint16Array). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The parts of an onnxruntime Tensor that logits are read from. */
export interface LogitsTensor {
  readonly dims: readonly number[];
  readonly size: number;
  readonly type: string;
  readonly data: unknown;
}

/** The last row of [1, seq, vocab] logits as float64, fp16 converted (transformers samples in float32 too). */
export function lastRowLogits(logits: LogitsTensor): Float64Array {
  const vocab = logits.dims[logits.dims.length - 1] as number;
  const offset = logits.size - vocab;
  const row = new Float64Array(vocab);
  if (logits.type === 'float16') {
    const data = logits.data as Uint16Array;
    for (let i = 0; i < vocab; i++) row[i] = halfToFloat(data[offset + i] as number);
  } else {
    const data = logits.data as Float32Array;
    for (let i = 0; i < vocab; i++) row[i] = data[offset + i] as number;
  }
  return row;
}

/** Index of the largest logit in the last row of [1, seq, vocab]; the first one wins ties, as torch.argmax. */
export function argmaxLastRow(logits: LogitsTensor): number {
  const vocab = logits.dims[logits.dims.length - 1] as number;
  const offset = logits.size - vocab;
  let best = 0;
  let bestValue = -Infinity;
  if (logits.type === 'float16') {
    const data = logits.data as Uint16Array;
    for (let i = 0; i < vocab; i++) {
      const v = halfToFloat(data[offset + i] as number);
      if (v > bestValue) [best, bestValue] = [i, v];
    }
  } else {
    const data = logits.data as Float32Array;
    for (let i = 0; i < vocab; i++) {
      const v = data[offset + i] as number;
      if (v > bestValue) [best, bestValue] = [i, v];
    }
  }
  return best;
}

/** One step's logits, read one token id at a time (fp16 converted on read); valid only during the callback. */
export interface LogitsRow {
  /** The vocabulary size: ids 0..size-1. */
  readonly size: number;
  at(tokenId: number): number;
}

/** The last row of [1, seq, vocab] as a LogitsRow: nothing is copied, so reading a few ids costs a few reads. */
export function lastLogitsRow(logits: LogitsTensor): LogitsRow {
  const vocab = logits.dims[logits.dims.length - 1] as number;
  const offset = logits.size - vocab;
  if (logits.type === 'float16') {
    const data = logits.data as Uint16Array;
    return { size: vocab, at: (id) => halfToFloat(data[offset + id] as number) };
  }
  const data = logits.data as Float32Array;
  return { size: vocab, at: (id) => data[offset + id] as number };
}
