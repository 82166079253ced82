import { describe, expect, it } from 'vitest';
import { seededStreamRandom } from '../merge/seededStreamRandom';
import { createLoraDeltaSession } from './createLoraDeltaSession';

describe('createLoraDeltaSession', () => {
  it('writes the requested rows of s·B·A, matching a double-precision product to f32 rounding', async () => {
    const random = seededStreamRandom(5, 'delta');
    const uniform = () => (random() / 2 ** 32) * 2 - 1;
    const [rows, rank, cols, scale] = [37, 5, 23, 1.5];
    const b = Float32Array.from({ length: rows * rank }, uniform);
    const a = Float32Array.from({ length: rank * cols }, uniform);
    const session = await createLoraDeltaSession({ threads: 1 });
    try {
      for (const [r0, r1] of [
        [0, rows],
        [10, 17],
        [36, 37],
      ] as const) {
        const out = new Float32Array((r1 - r0) * cols + 3).fill(7);
        await session.rows(b, a, rank, cols, scale, r0, r1, out);
        for (let o = r0; o < r1; o++) {
          for (let i = 0; i < cols; i++) {
            let want = 0;
            for (let j = 0; j < rank; j++) want += scale * b[o * rank + j]! * a[j * cols + i]!;
            expect(Math.abs(out[(o - r0) * cols + i]! - want)).toBeLessThan(1e-6 * rank);
          }
        }
        // Nothing past the requested rows is written.
        expect([...out.subarray((r1 - r0) * cols)]).toEqual([7, 7, 7]);
      }
    } finally {
      await session.release();
    }
  });

  it('is exact on small integers, and rejects a short output buffer or a misshaped A', async () => {
    const session = await createLoraDeltaSession();
    try {
      const out = new Float32Array(6);
      // B = [[1, 2], [3, -1]], A = [[1, 0, -2], [0.5, 1, 1]], scale 2.
      const b = new Float32Array([1, 2, 3, -1]);
      const a = new Float32Array([1, 0, -2, 0.5, 1, 1]);
      await session.rows(b, a, 2, 3, 2, 0, 2, out);
      expect([...out]).toEqual([4, 4, 0, 5, -2, -14]);
      await expect(session.rows(b, a, 2, 3, 2, 0, 2, new Float32Array(5))).rejects.toThrow(
        /createLoraDeltaSession: output buffer too small/,
      );
      await expect(session.rows(b, a.subarray(1), 2, 3, 2, 0, 2, out)).rejects.toThrow(
        /A has 5 values, expected 2×3/,
      );
    } finally {
      await session.release();
    }
  });
});
