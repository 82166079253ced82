import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRandom, randomWeights } from '../random/seededRandom';
import { GraphBuilder, int } from './graphBuilder';
import { MS_DOMAIN, encodeOnnxModel } from './onnxModel';
import { NBitsQuantizer, dequantizeNBits, type NBitsShape } from './quantizeNBits';

/** x·W in plain JS, x [M, K], W [K, N] row-major. */
function matmul(x: Float32Array, w: Float32Array, M: number, K: number, N: number): Float32Array {
  const y = new Float32Array(M * N);
  for (let m = 0; m < M; m++)
    for (let k = 0; k < K; k++) {
      const a = x[m * K + k] as number;
      for (let n = 0; n < N; n++)
        y[m * N + n] = (y[m * N + n] as number) + a * (w[k * N + n] as number);
    }
  return y;
}

async function runMatMulNBits(shape: NBitsShape, accuracyLevel: number, seed: number) {
  const { K, N, bits, blockSize } = shape;
  const M = 3;
  const next = seededRandom(seed);
  const w = randomWeights(next, K * N, 1);
  const quantizer = new NBitsQuantizer(shape);
  for (let r = 0; r < K; r += blockSize)
    quantizer.addBlock(w.subarray(r * N, Math.min(K, r + blockSize) * N));
  const q = quantizer.finish();
  const b = new GraphBuilder('nbits');
  const x = b.input('x', 'float', [M, K]);
  b.output('y', 'float', [M, N]);
  const B = b.weight('w_Q', q.B, [N, q.blocks, q.blob]);
  const scales = b.weight('w_scales', q.scales, [N * q.blocks]);
  const attrs = {
    K: int(K),
    N: int(N),
    bits: int(bits),
    block_size: int(blockSize),
    accuracy_level: int(accuracyLevel),
  };
  b.op('MatMulNBits', [x, B, scales], attrs, 'y', MS_DOMAIN);
  const session = await ort.InferenceSession.create(encodeOnnxModel(b.build()));
  const input = randomWeights(next, M * K, 1);
  const out = await session.run({ x: new ort.Tensor('float32', input, [M, K]) });
  await session.release();
  const got = out.y!.data as Float32Array;
  const dequantized = dequantizeNBits(shape, q);
  return {
    got,
    reference: matmul(input, dequantized, M, K, N),
    exact: matmul(input, w, M, K, N),
    maxQuantError: Math.max(...w.map((v, i) => Math.abs(v - (dequantized[i] as number)))),
  };
}

const maxDiff = (a: Float32Array, b: Float32Array) =>
  Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));

describe('MatMulNBits packing', () => {
  it.each([4, 8] as const)(
    'onnxruntime computes with %i-bit weights exactly what the dequantised matrix gives',
    async (bits) => {
      // K = 80 is not a multiple of the block: the last block is padded.
      const shape = { K: 80, N: 24, bits, blockSize: 32 };
      const { got, reference, exact, maxQuantError } = await runMatMulNBits(shape, 0, bits);
      expect(maxDiff(got, reference)).toBeLessThan(1e-4);
      // Quantisation error is at most half a step: max|w| / (2^(bits-1) - 1) / 2 ≤ 1 / 14 for q4.
      expect(maxQuantError).toBeLessThanOrEqual((bits === 4 ? 1 / 7 : 1 / 127) / 2 + 1e-6);
      expect(maxDiff(got, exact)).toBeGreaterThan(0);
    },
  );

  it('stays within int8 rounding of the reference with accuracy_level 4 (int8 activations)', async () => {
    const shape = { K: 64, N: 16, bits: 4 as const, blockSize: 32 };
    const { got, reference } = await runMatMulNBits(shape, 4, 9);
    const scale = Math.max(...reference.map(Math.abs));
    expect(maxDiff(got, reference) / scale).toBeLessThan(0.05);
  });

  it('rejects a block that does not fit the shape, naming the block', () => {
    const quantizer = new NBitsQuantizer({ K: 40, N: 2, bits: 4, blockSize: 32 });
    quantizer.addBlock(new Float32Array(64));
    expect(() => quantizer.addBlock(new Float32Array(64))).toThrow(
      /block 1 has 64 values, expected 16/,
    );
    expect(() => new NBitsQuantizer({ K: 40, N: 2, bits: 4, blockSize: 24 })).toThrow(
      /power of two/,
    );
  });
});
