import { describe, expect, it } from 'vitest';
import { estimateRamBytes } from './estimateRamFit';
import { MEASURED_PEAK_RSS, measuredRamBytes } from './measuredRam';

const qwen2vl2b = { layers: 28, kvHeads: 2, headDim: 128 };

describe('measured RAM figures', () => {
  it('hold a 2B-shaped fp32 and q4 figure, q4 well below fp32', () => {
    const fp32 = measuredRamBytes(qwen2vl2b, 'fp32');
    const q4 = measuredRamBytes(qwen2vl2b, 'q4');
    expect(fp32).toBeDefined();
    expect(q4).toBeDefined();
    expect(q4!.bytes).toBeLessThan(fp32!.bytes);
    for (const m of MEASURED_PEAK_RSS) expect(m.contextTokens).toBeLessThan(4096);
  });

  it('replace the estimate for a measured shape, adding the KV cache up to 4096 tokens', () => {
    const measured = measuredRamBytes(qwen2vl2b, 'q4')!;
    const kvPerToken = 2 * 28 * 2 * 128 * 4;
    expect(estimateRamBytes(qwen2vl2b, 'q4', 1)).toBe(
      measured.bytes + (4096 - measured.contextTokens) * kvPerToken,
    );
  });

  it('leave shapes and dtypes never measured to the estimate from the weights', () => {
    const other = { layers: 36, kvHeads: 2, headDim: 128 };
    expect(measuredRamBytes(other, 'q4')).toBeUndefined();
    const weights = 2 ** 30;
    const kv = 2 * 36 * 2 * 128 * 4096 * 4;
    expect(estimateRamBytes(other, 'q4', weights)).toBe(
      Math.round(weights * 1.1 + kv + 300 * 2 ** 20),
    );
    expect(measuredRamBytes(qwen2vl2b, 'q4f16')).toBeUndefined();
  });
});
