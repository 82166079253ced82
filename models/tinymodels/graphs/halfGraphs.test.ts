import { describe, expect, it } from 'vitest';
import type { GraphDef } from '../../onnx/onnxModel';
import { f16BitsToNumber } from '../../tooling/safetensors/dtypes';
import { seededRandom } from '../../random/seededRandom';
import { resolveFixtureOptions } from '../fixtureOptions';
import { embedTokensGraph } from './decoderGraph';
import { randomDecoder } from './randomDecoder';
import { randomVisionEncoder } from './randomVisionEncoder';

const float = { kind: 'float' } as const;

function graphs(floatType: 'float' | 'float16', variant: 'qwen2_5_vl' | 'qwen2_vl') {
  const { dims } = resolveFixtureOptions({ kind: 'random', variant }, 300);
  const next = seededRandom(11);
  const table = new Float32Array(dims.vocabSize * dims.hidden).map(() => next() - 0.5);
  return {
    embed: embedTokensGraph(dims, table, undefined, floatType),
    vision: randomVisionEncoder(dims, next, float, undefined, floatType),
    decoder: randomDecoder(dims, next, [0], 300, float, undefined, floatType),
  };
}

const floatInitializers = (g: GraphDef) =>
  g.initializers.filter((t) => t.type === 'float' || t.type === 'float16');

describe.each(['qwen2_5_vl', 'qwen2_vl'] as const)('the fp16 %s graphs', (variant) => {
  const half = graphs('float16', variant);
  const full = graphs('float', variant);

  it('store every named weight in float16, rounded from the fp32 fixture’s values', () => {
    for (const part of ['embed', 'vision', 'decoder'] as const) {
      const weights = half[part].initializers.filter((t) => !t.name.startsWith('const_'));
      expect(weights.length).toBeGreaterThan(0);
      for (const w of weights) {
        expect(w.type, w.name).toBe('float16');
        const ref = full[part].initializers.find((t) => t.name === w.name)!;
        const values = ref.data as Float32Array;
        const bits = w.data as Uint16Array;
        expect(bits.length).toBe(values.length);
        // binary16 keeps 11 significant bits: the error is at most half an ulp, 2^-11 relative.
        for (let i = 0; i < bits.length; i += 97) {
          const v = values[i]!;
          expect(Math.abs(f16BitsToNumber(bits[i]!) - v)).toBeLessThanOrEqual(
            Math.abs(v) * 2 ** -11 + 2 ** -25,
          );
        }
      }
    }
  });

  it('keep fp32 constants only where the fp32 parts (norm epsilon, rotary angles, mask) need them', () => {
    for (const part of ['vision', 'decoder'] as const) {
      const fp32 = floatInitializers(half[part]).filter((t) => t.type === 'float');
      const casts = half[part].nodes.filter((n) => n.opType === 'Cast');
      expect(fp32.length).toBeGreaterThan(0);
      expect(fp32.every((t) => t.name.startsWith('const_'))).toBe(true);
      // The fp32 parts are entered and left through Casts the fp32 graph does not have.
      expect(casts.length).toBeGreaterThan(
        full[part].nodes.filter((n) => n.opType === 'Cast').length,
      );
      // The fp32 graphs hold no float16 at all.
      expect(floatInitializers(full[part]).every((t) => t.type === 'float')).toBe(true);
    }
  });
});
