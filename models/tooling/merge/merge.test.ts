import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loraScale, adapterConfigSchema } from '../lora/adapterConfig';
import { openLoraAdapter } from '../lora/openLoraAdapter';
import { writeLoraAdapter, type LoraModuleFactors } from '../lora/writeLoraAdapter';
import { openSafetensors } from '../safetensors/openSafetensors';
import { mergeExperts, type MergeOptions } from './mergeExperts';
import { seededStreamRandom } from './seededStreamRandom';
import { topFractionThreshold } from './topFractionThreshold';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmx-merge-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mod = 'base_model.model.layers.0.mlp.up_proj';
/** Rank-1 module with ΔW = b·aᵀ (alpha = r = 1, so the scale is 1). */
function rankOne(b: number[], a: number[], name = mod): LoraModuleFactors {
  return {
    name,
    a: new Float32Array(a),
    b: new Float32Array(b),
    rank: 1,
    inFeatures: a.length,
    outFeatures: b.length,
  };
}
async function expert(
  modules: LoraModuleFactors[],
  config: Partial<{ r: number; lora_alpha: number; use_rslora: boolean }> = {},
  dtype: 'F32' | 'F16' | 'BF16' = 'F32',
) {
  const path = join(dir, `expert-${++count}`);
  await writeLoraAdapter(
    path,
    modules,
    { r: modules[0]!.rank, lora_alpha: modules[0]!.rank, ...config },
    dtype,
  );
  return path;
}
async function merged(options: Omit<MergeOptions, 'out'>, name = `${mod}.weight`) {
  const out = join(dir, `out-${++count}`);
  const report = await mergeExperts({ ...options, out });
  const reader = await openSafetensors(join(out, 'delta.safetensors'));
  const values = [...(await reader.readFloat32(name))];
  await reader.close();
  return { values, report, out };
}

// ΔW1 = [[1,-1,0.5],[2,-2,1]], ΔW2 = [[-2,-1,1],[2,1,-1]]
const e1 = () => expert([rankOne([1, 2], [1, -1, 0.5])]);
const e2 = () => expert([rankOne([-1, 1], [2, 1, -1])]);

describe('topFractionThreshold', () => {
  it('returns the ⌈D·n⌉-th largest magnitude so ties at the threshold are all kept', () => {
    expect(topFractionThreshold(new Float32Array([0.5, -3, 2, -2, 1]), 0.4)).toBe(2);
    expect(topFractionThreshold(new Float32Array([0.5, -3, 2, -2, 1]), 0.2)).toBe(3);
    expect(topFractionThreshold(new Float32Array([0.5, -3, 2, -2, 1]), 1)).toBe(0.5);
  });

  it('returns zero for an all-zero tensor, keeping everything', () => {
    expect(topFractionThreshold(new Float32Array(10), 0.2)).toBe(0);
  });

  it('agrees with sorting on random data, including tiny and negative values', () => {
    const random = seededStreamRandom(7, 'test');
    for (const n of [1, 17, 1000, 65537]) {
      const values = Float32Array.from({ length: n }, () => ((random() / 2 ** 32 - 0.5) * 10) ** 5);
      for (const d of [0.01, 0.2, 0.5, 0.999]) {
        const sorted = [...values].map(Math.abs).sort((a, b) => b - a);
        expect(topFractionThreshold(values, d)).toBe(sorted[Math.ceil(d * n) - 1]);
      }
    }
  });

  it('rejects a density outside (0, 1] and non-finite values', () => {
    expect(() => topFractionThreshold(new Float32Array(3), 0)).toThrow(/density/);
    expect(() => topFractionThreshold(new Float32Array([1, NaN]), 0.5)).toThrow(
      /non-finite value at index 1/,
    );
  });
});

describe('mergeExperts', () => {
  it('TIES trims to the top half (ties kept), elects signs and averages agreeing values', async () => {
    const { values, report } = await merged({
      experts: [await e1(), await e2()],
      method: 'ties',
      density: 0.5,
    });
    // τ1 keeps |x| ≥ 1 (5 of 6: the tie at 1 is kept), τ2 keeps all six.
    expect(values).toEqual([-2, -1, 1, 2, -2, 0]);
    const m = report.modules[0]!;
    expect(m.conflictEntries).toBe(3);
    expect(m.votedEntries).toBe(6);
    expect(m.conflictRate).toBe(0.5);
    expect(m.mergedMass).toBe(8);
    expect(
      m.experts.map((e) => [
        e.threshold,
        e.keptEntries,
        e.trimmedEntries,
        e.trimmedMass,
        e.electedAway,
        e.contributedMass,
      ]),
    ).toEqual([
      [1, 5, 1, 0.5, 2, 3.5],
      [1, 6, 0, 0, 2, 4.5],
    ]);
    expect(report.overall.conflictRate).toBe(0.5);
  });

  it('task arithmetic sums weighted deltas, negative weights included', async () => {
    const { values } = await merged({
      experts: [await e1(), await e2()],
      weights: [1, -0.5],
      method: 'task-arithmetic',
    });
    expect(values).toEqual([2, -0.5, 0, 1, -2.5, 1.5]);
  });

  it('TIES with a negative weight flips that expert before the sign election', async () => {
    const { values } = await merged({
      experts: [await e1(), await e2()],
      weights: [1, -1],
      method: 'ties',
      density: 0.5,
    });
    expect(values).toEqual([1.5, 0, -1, 0, -1.5, 1]);
  });

  it('one expert through TIES is its own trimmed delta', async () => {
    expect((await merged({ experts: [await e1()], method: 'ties', density: 0.5 })).values).toEqual([
      1, -1, 0, 2, -2, 1,
    ]);
    expect((await merged({ experts: [await e1()], method: 'ties', density: 1 })).values).toEqual([
      1, -1, 0.5, 2, -2, 1,
    ]);
  });

  it('an all-zero expert merges to zeros without NaN and without conflicts', async () => {
    const zero = await expert([rankOne([0, 0], [1, 2, 3])]);
    const { values, report } = await merged({ experts: [zero, zero], method: 'ties' });
    expect(values).toEqual([0, 0, 0, 0, 0, 0]);
    expect(report.modules[0]!.conflictRate).toBe(0);
    expect(report.modules[0]!.experts[0]!.contributedShare).toBe(0);
  });

  it('applies lora_alpha / r, and lora_alpha / √r with rsLoRA', async () => {
    const a = Float32Array.from({ length: 4 * 2 }, (_, i) => i + 1);
    const b = Float32Array.from({ length: 3 * 4 }, (_, i) => (i % 3) - 1);
    const factors = { name: mod, a, b, rank: 4, inFeatures: 2, outFeatures: 3 };
    const plain = await merged({
      experts: [await expert([factors], { lora_alpha: 8 })],
      method: 'task-arithmetic',
    });
    const rs = await merged({
      experts: [await expert([factors], { lora_alpha: 8, use_rslora: true })],
      method: 'task-arithmetic',
    });
    const ba = [0, 1, 2].flatMap((o) =>
      [0, 1].map((i) => [0, 1, 2, 3].reduce((s, j) => s + b[o * 4 + j]! * a[j * 2 + i]!, 0)),
    );
    expect(plain.values).toEqual(ba.map((x) => 2 * x));
    expect(rs.values).toEqual(ba.map((x) => 4 * x));
    expect(
      loraScale(
        adapterConfigSchema.parse({ r: 16, lora_alpha: 32, alpha_pattern: { up_proj: 64 } }),
        mod,
      ),
    ).toBe(4);
  });

  it('reads F16 and BF16 experts exactly', async () => {
    for (const dtype of ['F16', 'BF16'] as const) {
      const path = await expert([rankOne([1, 2], [1, -1, 0.5])], {}, dtype);
      expect((await merged({ experts: [path], method: 'task-arithmetic' })).values).toEqual([
        1, -1, 0.5, 2, -2, 1,
      ]);
    }
  });

  it('DARE keeps about D of the entries, rescaled by 1/D, and repeats with the same seed', async () => {
    const n = 64;
    const big = await expert([
      rankOne(
        Array.from({ length: n }, (_, i) => i + 1),
        Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1)),
      ),
    ]);
    const one = await merged({ experts: [big], method: 'dare-ties', density: 0.25, seed: 3 });
    const again = await merged({ experts: [big], method: 'dare-ties', density: 0.25, seed: 3 });
    const other = await merged({ experts: [big], method: 'dare-ties', density: 0.25, seed: 4 });
    expect(again.values).toEqual(one.values);
    expect(other.values).not.toEqual(one.values);
    const kept = one.values.filter((v) => v !== 0).length;
    expect(kept / (n * n)).toBeGreaterThan(0.2);
    expect(kept / (n * n)).toBeLessThan(0.3);
    one.values.forEach((v, i) => {
      if (v !== 0) expect(v).toBe(4 * (Math.floor(i / n) + 1) * (i % 2 ? 1 : -1));
    });
    expect(one.report.modules[0]!.experts[0]!.keptEntries).toBe(kept);
  });

  it('gives the same result whatever the streaming block size', async () => {
    const experts = [await e1(), await e2()];
    const small = await merged({ experts, method: 'ties', density: 0.5, blockEntries: 1 });
    expect(small.values).toEqual([-2, -1, 1, 2, -2, 0]);
  });

  it('re-factorises into a PEFT adapter of rank R and reports the relative error', async () => {
    const rank2: LoraModuleFactors = {
      name: mod,
      a: new Float32Array([1, 0, 2, 0, 1, 0, 0, 0, 1, 1]),
      b: new Float32Array([3, 0, 0, 1, 1, 1]),
      rank: 2,
      inFeatures: 5,
      outFeatures: 3,
    };
    const path = await expert([rank2]);
    const delta = (await merged({ experts: [path], method: 'task-arithmetic' })).values;
    for (const r of [2, 1]) {
      const out = join(dir, `lora-${r}`);
      const report = await mergeExperts({
        experts: [path],
        method: 'task-arithmetic',
        format: 'lora',
        rank: r,
        out,
      });
      const adapter = await openLoraAdapter(out);
      expect(adapter.modules.get(mod)).toMatchObject({
        rank: r,
        inFeatures: 5,
        outFeatures: 3,
        scale: 1,
      });
      const { a, b } = await adapter.readFactors(mod);
      await adapter.close();
      let err = 0;
      let norm = 0;
      delta.forEach((d, idx) => {
        const o = Math.floor(idx / 5);
        const i = idx % 5;
        let ba = 0;
        for (let j = 0; j < r; j++) ba += b[o * r + j]! * a[j * 5 + i]!;
        err += (d - ba) ** 2;
        norm += d * d;
      });
      const direct = Math.sqrt(err / norm);
      const reported = report.modules[0]!.loraRelativeError!;
      if (r === 2) expect(reported).toBeLessThan(1e-6);
      else expect(reported).toBeGreaterThan(0.05);
      expect(Math.abs(reported - direct)).toBeLessThan(1e-5);
    }
  });

  it('refuses mismatched experts before writing anything', async () => {
    const base = await e1();
    const cases: [string, string, RegExp][] = [
      ['other module', await expert([rankOne([1, 2], [1, -1, 0.5], 'x.q_proj')]), /lacks 1 module/],
      ['other shape', await expert([rankOne([1, 2, 3], [1, -1, 0.5])]), /is 2×3 in .* but 3×3/],
      [
        'other rank',
        await expert([
          {
            name: mod,
            a: new Float32Array(6),
            b: new Float32Array(4),
            rank: 2,
            inFeatures: 3,
            outFeatures: 2,
          },
        ]),
        /rank 1 in .* but 2/,
      ],
      [
        'other dtype',
        await expert([rankOne([1, 2], [1, -1, 0.5])], {}, 'BF16'),
        /is F32 in .* but BF16/,
      ],
    ];
    for (const [, other, message] of cases) {
      const out = join(dir, 'never');
      await expect(mergeExperts({ experts: [base, other], method: 'ties', out })).rejects.toThrow(
        message,
      );
      expect((await readdir(dir)).filter((f) => f.includes('never'))).toEqual([]);
    }
    await expect(
      mergeExperts({ experts: [base], weights: [1, 2], method: 'ties', out: join(dir, 'never') }),
    ).rejects.toThrow(/2 weight\(s\) for 1 expert/);
    await expect(
      mergeExperts({ experts: [base], method: 'ties', format: 'lora', out: join(dir, 'never') }),
    ).rejects.toThrow(/needs --rank/);
  });

  it('rejects an adapter whose factors disagree with its config or contain NaN', async () => {
    const wrongRank = await expert([rankOne([1, 2], [1, -1, 0.5])], { r: 8 });
    await expect(openLoraAdapter(wrongRank)).rejects.toThrow(
      /rank 1 but adapter_config.json declares r=8/,
    );
    const nan = await expert([rankOne([1, NaN], [1, -1, 0.5])]);
    await expect(
      mergeExperts({ experts: [nan], method: 'ties', out: join(dir, 'never') }),
    ).rejects.toThrow(/lora_B has a non-finite value at index 1/);
    await expect(openLoraAdapter(join(dir, 'missing'))).rejects.toThrow(/no adapter_config.json/);
  });

  it('refuses to overwrite a non-empty output folder', async () => {
    const { out } = await merged({ experts: [await e1()], method: 'ties' });
    await expect(mergeExperts({ experts: [await e1()], method: 'ties', out })).rejects.toThrow(
      /already exists/,
    );
  });
});
