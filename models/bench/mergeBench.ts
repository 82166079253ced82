import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLoraAdapter, type LoraModuleFactors } from '../tooling/lora/writeLoraAdapter';
import { mergeExperts } from '../tooling/merge/mergeExperts';
import { seededStreamRandom } from '../tooling/merge/seededStreamRandom';

/**
 * One decoder layer of Qwen2-VL-7B / Qwen2.5-VL-7B (hidden 3584, intermediate
 * 18944, 28 query heads and 4 KV heads of 128): the seven LoRA targets a
 * typical SFT adapter uses. The other 27 layers repeat these shapes, so a
 * full model takes ~28× as long at the same rate.
 */
const layerModules: [string, number, number][] = [
  ['self_attn.q_proj', 3584, 3584],
  ['self_attn.k_proj', 512, 3584],
  ['self_attn.v_proj', 512, 3584],
  ['self_attn.o_proj', 3584, 3584],
  ['mlp.gate_proj', 18944, 3584],
  ['mlp.up_proj', 18944, 3584],
  ['mlp.down_proj', 3584, 18944],
];

function randomFactors(
  name: string,
  out: number,
  inF: number,
  rank: number,
  seed: number,
): LoraModuleFactors {
  const random = seededStreamRandom(seed, name);
  const uniform = (scale: number) => ((random() / 2 ** 32) * 2 - 1) * scale;
  return {
    name,
    rank,
    inFeatures: inF,
    outFeatures: out,
    a: Float32Array.from({ length: rank * inF }, () => uniform(1 / Math.sqrt(inF))),
    b: Float32Array.from({ length: out * rank }, () => uniform(0.02)),
  };
}

/** Best-of-5 bandwidth of copying a 256 MB buffer (TypedArray.set), bytes written per second. */
function memcpyBandwidth(): number {
  const src = new Uint8Array(256 << 20).fill(1);
  const dst = new Uint8Array(src.length);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    dst.set(src);
    best = Math.min(best, performance.now() - t);
  }
  return src.length / (best / 1000);
}

export async function runMergeBench(args: string[]): Promise<void> {
  const layersArg = args.indexOf('--layers');
  const layers = layersArg >= 0 ? Number(args[layersArg + 1]) : 1;
  if (!Number.isInteger(layers) || layers < 1)
    throw new Error('merge bench: --layers must be a positive integer');
  const rank = 16;
  const expertCount = 4;
  const dir = await mkdtemp(join(tmpdir(), 'mmx-merge-bench-'));
  try {
    const experts: string[] = [];
    for (let e = 0; e < expertCount; e++) {
      const modules: LoraModuleFactors[] = [];
      for (let l = 0; l < layers; l++) {
        for (const [name, out, inF] of layerModules)
          modules.push(
            randomFactors(`base_model.model.model.layers.${l}.${name}`, out, inF, rank, e + 1),
          );
      }
      const path = join(dir, `expert-${e}`);
      await writeLoraAdapter(
        path,
        modules,
        { r: rank, lora_alpha: 2 * rank, base_model_name_or_path: 'Qwen/Qwen2.5-VL-7B-Instruct' },
        'BF16',
      );
      experts.push(path);
    }
    const entries = layers * layerModules.reduce((s, [, o, i]) => s + o * i, 0);
    console.log(
      `merge bench: ${expertCount} rank-${rank} BF16 experts, ${layers} Qwen2.5-VL-7B decoder layer(s) (q,k,v,o,gate,up,down), ${(entries / 1e6).toFixed(0)}M ΔW entries; ties, density 0.2, --format delta`,
    );
    const started = performance.now();
    const report = await mergeExperts({
      experts,
      method: 'ties',
      density: 0.2,
      out: join(dir, 'merged'),
    });
    const seconds = (performance.now() - started) / 1000;
    const produced = (entries * 4) / seconds;
    // Read before the memcpy probe, whose 2 × 256 MB buffers would dominate it.
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const memcpy = memcpyBandwidth();
    const gb = (x: number) => `${(x / 1e9).toFixed(3)} GB/s`;
    console.log(
      `  merged ΔW produced   ${gb(produced)}  (${((entries * 4) / 1e9).toFixed(2)} GB f32 in ${seconds.toFixed(1)} s, ${(seconds / (layers * layerModules.length)).toFixed(2)} s/module)`,
    );
    console.log(`  memcpy (same run)    ${gb(memcpy)}  (TypedArray.set of 256 MB, best of 5)`);
    console.log(
      `  ratio                ${(produced / memcpy).toFixed(4)}  (merge rate / memcpy rate)`,
    );
    console.log(
      `  peak RSS             ${peakRssMb.toFixed(0)} MB  (largest module ΔW in f32: ${((18944 * 3584 * 4) / 2 ** 20).toFixed(0)} MB)`,
    );
    console.log(
      `  sign conflicts       ${(100 * report.overall.conflictRate).toFixed(1)}% of entries with a kept value`,
    );
    console.log(
      `  full 28-layer model  ~${((seconds * 28) / layers / 60).toFixed(1)} min at this rate (estimate, not measured)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
