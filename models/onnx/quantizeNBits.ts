/**
 * Block-wise weight quantisation in the layout of onnxruntime's
 * `com.microsoft.MatMulNBits` (onnxruntime docs/ContribOperators.md): for a
 * weight W [K, N] (y = x·W), B is uint8 [N, blocks, blockSize·bits/8] with
 * column n's values along K in blocks of `blockSize`, two 4-bit values per byte
 * low nibble first; scales are float [N·blocks]. Without a zero_points input
 * the zero point is 2^(bits-1), so the quantisation here is symmetric:
 * w ≈ (q − 2^(bits-1)) · scale, scale = max|w| / (2^(bits-1) − 1) per block.
 * K need not be a multiple of blockSize: the last block is padded with zeros.
 */
export interface NBitsShape {
  K: number;
  N: number;
  bits: 4 | 8;
  blockSize: number;
}

export interface NBitsWeights {
  /** uint8 [N, blocks, blob] */
  B: Uint8Array;
  /** float [N · blocks] */
  scales: Float32Array;
  blocks: number;
  blob: number;
}

export function nbitsBlocks({ K, blockSize }: NBitsShape): number {
  return Math.ceil(K / blockSize);
}

/**
 * Quantises W one block of rows at a time (rows kb·blockSize … of W, row-major
 * [rows, N]), so W itself never has to be whole in memory; B and scales are
 * K·N·bits/8 and K·N·4/blockSize bytes.
 */
export class NBitsQuantizer {
  readonly blocks: number;
  readonly blob: number;
  private readonly out: NBitsWeights;
  private next = 0;

  constructor(private readonly shape: NBitsShape) {
    const { K, N, bits, blockSize } = shape;
    if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0)
      throw new Error(`NBitsQuantizer: block size ${blockSize} must be a power of two ≥ 16`);
    if (K < 1 || N < 1) throw new Error(`NBitsQuantizer: K ${K} and N ${N} must be positive`);
    this.blocks = nbitsBlocks(shape);
    this.blob = (blockSize * bits) / 8;
    this.out = {
      B: new Uint8Array(N * this.blocks * this.blob),
      scales: new Float32Array(N * this.blocks),
      blocks: this.blocks,
      blob: this.blob,
    };
  }

  /** The next block of rows: blockSize rows (fewer only for the last), row-major [rows, N]. */
  addBlock(rows: Float32Array): void {
    const { K, N, bits, blockSize } = this.shape;
    const kb = this.next++;
    const count = Math.min(blockSize, K - kb * blockSize);
    if (kb >= this.blocks || rows.length !== count * N)
      throw new Error(
        `NBitsQuantizer: block ${kb} has ${rows.length} values, expected ${count * N}`,
      );
    const zero = 1 << (bits - 1);
    const qmax = zero - 1;
    const { B, scales } = this.out;
    for (let n = 0; n < N; n++) {
      let absMax = 0;
      for (let r = 0; r < count; r++)
        absMax = Math.max(absMax, Math.abs(rows[r * N + n] as number));
      const scale = absMax / qmax;
      const inv = scale > 0 ? 1 / scale : 0;
      scales[n * this.blocks + kb] = scale;
      const base = (n * this.blocks + kb) * this.blob;
      for (let r = 0; r < blockSize; r++) {
        const w = r < count ? (rows[r * N + n] as number) : 0;
        const q = Math.max(-zero, Math.min(qmax, Math.round(w * inv))) + zero;
        if (bits === 8) B[base + r] = q;
        else B[base + (r >> 1)] = (B[base + (r >> 1)] as number) | (r & 1 ? q << 4 : q);
      }
    }
  }

  finish(): NBitsWeights {
    if (this.next !== this.blocks)
      throw new Error(`NBitsQuantizer: got ${this.next} of ${this.blocks} blocks`);
    return this.out;
  }
}

/** The float W [K, N] that MatMulNBits computes with: the reference for tests. */
export function dequantizeNBits(shape: NBitsShape, q: NBitsWeights): Float32Array {
  const { K, N, bits, blockSize } = shape;
  const zero = 1 << (bits - 1);
  const w = new Float32Array(K * N);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const kb = Math.floor(k / blockSize);
      const r = k % blockSize;
      const base = (n * q.blocks + kb) * q.blob;
      const byte = q.B[bits === 8 ? base + r : base + (r >> 1)] as number;
      const value = bits === 8 ? byte : r & 1 ? byte >> 4 : byte & 15;
      w[k * N + n] = (value - zero) * (q.scales[n * q.blocks + kb] as number);
    }
  }
  return w;
}
