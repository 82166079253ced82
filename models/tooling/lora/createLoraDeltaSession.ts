/**
 * The one tooling module that imports onnxruntime (STYLE habit 5; the
 * runtime's own door is models/runtime/internal/ml.ts, which also loads
 * transformers.js and belongs to the inference worker). Loaded lazily so CLI
 * commands that never merge do not pay for the native addon.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { GraphBuilder } from '../../onnx/graphBuilder';
import { encodeOnnxModel } from '../../onnx/onnxModel';

export interface LoraDeltaSession {
  /**
   * Writes rows [rowStart, rowEnd) of ΔW = scale · B·A into `out` (row-major,
   * (rowEnd − rowStart) × inFeatures), where B is [out, rank] and A is
   * [rank, in], both row-major. Rows are produced independently so a module's
   * delta can be streamed in blocks without ever existing in full.
   */
  rows(
    b: Float32Array,
    a: Float32Array,
    rank: number,
    inFeatures: number,
    scale: number,
    rowStart: number,
    rowEnd: number,
    out: Float32Array,
  ): Promise<void>;
  release(): Promise<void>;
}

/**
 * ΔW rows through one ONNX MatMul with symbolic dims, run by onnxruntime's
 * MLAS SGEMM (vectorised, multi-threaded): ~10× the pure-JS loop on one core
 * for rank 16, more with cores. The scale is folded into the B rows (as the
 * JS loop did), so the graph is the MatMul alone.
 */
export async function createLoraDeltaSession(
  options: { threads?: number } = {},
): Promise<LoraDeltaSession> {
  const ort = await import('onnxruntime-node');
  const graph = new GraphBuilder('lora_delta');
  const b = graph.input('b', 'float', ['rows', 'rank']);
  const a = graph.input('a', 'float', ['rank', 'in']);
  graph.op('MatMul', [b, a], {}, 'delta');
  graph.output('delta', 'float', ['rows', 'in']);
  const session: InferenceSession = await ort.InferenceSession.create(
    encodeOnnxModel(graph.build()),
    { intraOpNumThreads: options.threads ?? 0, interOpNumThreads: 1 },
  );
  let scaled = new Float32Array(0);
  // A is the same for every block of a module: wrap it once per factor array.
  let lastA: { array: Float32Array; rank: number; tensor: Tensor } | undefined;
  return {
    async rows(bIn, aIn, rank, inFeatures, scale, rowStart, rowEnd, out) {
      const n = rowEnd - rowStart;
      if (out.length < n * inFeatures)
        throw new Error('createLoraDeltaSession: output buffer too small');
      if (aIn.length !== rank * inFeatures)
        throw new Error(
          `createLoraDeltaSession: A has ${aIn.length} values, expected ${rank}×${inFeatures}`,
        );
      if (n <= 0 || inFeatures === 0) return;
      if (rank === 0) {
        out.fill(0, 0, n * inFeatures);
        return;
      }
      if (scaled.length < n * rank) scaled = new Float32Array(n * rank);
      const bRows = scaled.subarray(0, n * rank);
      for (let i = 0, j = rowStart * rank; i < bRows.length; i++, j++) bRows[i] = scale * bIn[j]!;
      if (lastA?.array !== aIn || lastA.rank !== rank)
        lastA = { array: aIn, rank, tensor: new ort.Tensor('float32', aIn, [rank, inFeatures]) };
      // A pre-allocated output: MLAS writes straight into the caller's block.
      await session.run(
        { b: new ort.Tensor('float32', bRows, [n, rank]), a: lastA.tensor },
        { delta: new ort.Tensor('float32', out.subarray(0, n * inFeatures), [n, inFeatures]) },
      );
    },
    release: async () => {
      lastA = undefined;
      await session.release();
    },
  };
}
