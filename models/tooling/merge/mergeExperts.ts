import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkExpertsMatch } from '../lora/checkExpertsMatch';
import { createLoraDeltaSession, type LoraDeltaSession } from '../lora/createLoraDeltaSession';
import { openLoraAdapter, type LoraAdapter, type LoraModule } from '../lora/openLoraAdapter';
import {
  createSafetensorsWriter,
  type SafetensorsWriter,
  type TensorSpec,
} from '../safetensors/createSafetensorsWriter';
import { combineBlock, dropAndRescale, emptyTally, keepAll, type MergeMethod } from './mergeKernel';
import { moduleReport, overallReport, type MergeReport, type ModuleReport } from './mergeReport';
import { seededStreamRandom } from './seededStreamRandom';
import { tiesCombineBlock } from './tiesCombineBlock';
import { createTopFractionSelect } from './topFractionThreshold';
import { truncatedSvd } from './truncatedSvd';

export interface MergeOptions {
  experts: readonly string[];
  /** One per expert; default 1 each. */
  weights?: readonly number[];
  method: MergeMethod;
  /** Kept fraction for ties / dare-ties (default 0.2). */
  density?: number;
  seed?: number;
  out: string;
  format?: 'delta' | 'lora';
  /** Rank of the re-factorised adapter (--format lora). */
  rank?: number;
  /** Entries per expert per block of the streaming pass (default 2²⁰). */
  blockEntries?: number;
  signal?: AbortSignal;
  onModule?: (done: number, total: number, name: string) => void;
}

async function checkOutputFree(out: string): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (info && (!info.isDirectory() || (await readdir(out)).length > 0)) {
    throw new Error(`mergeExperts: output ${out} already exists and is not an empty folder`);
  }
  const parent = await stat(dirname(resolve(out))).catch(() => undefined);
  if (!parent?.isDirectory())
    throw new Error(`mergeExperts: parent folder of ${out} does not exist`);
}

/** Reads every module's factors once before anything is written: catches NaN/Inf and unreadable data early. */
async function checkFactorsFinite(
  experts: readonly LoraAdapter[],
  signal?: AbortSignal,
): Promise<void> {
  for (const expert of experts) {
    for (const name of expert.modules.keys()) {
      signal?.throwIfAborted();
      const { a, b } = await expert.readFactors(name);
      for (const [which, values] of [
        ['A', a],
        ['B', b],
      ] as const) {
        for (let i = 0; i < values.length; i++) {
          if (!Number.isFinite(values[i]!))
            throw new Error(
              `mergeExperts: ${expert.dir}: module '${name}' lora_${which} has a non-finite value at index ${i}`,
            );
        }
      }
    }
  }
}

function adapterConfigFor(
  first: LoraAdapter,
  rank: number,
  targetModules: string[],
): Record<string, unknown> {
  return {
    peft_type: 'LORA',
    task_type: first.config.task_type ?? null,
    base_model_name_or_path: first.config.base_model_name_or_path ?? null,
    r: rank,
    // alpha = r makes the PEFT scale 1, so B·A is the merged delta itself.
    lora_alpha: rank,
    use_rslora: false,
    lora_dropout: 0,
    bias: 'none',
    fan_in_fan_out: false,
    target_modules: targetModules,
    inference_mode: true,
  };
}

/**
 * Conflict-aware merge of LoRA experts (MMedExpert-R1 stage 3), module by
 * module: validates every input first, writes into a temporary folder next
 * to `out` and renames it into place only when everything succeeded.
 */
export async function mergeExperts(options: MergeOptions): Promise<MergeReport> {
  const started = performance.now();
  const { method, out, signal } = options;
  const format = options.format ?? 'delta';
  const k = options.experts.length;
  if (k === 0) throw new Error('mergeExperts: give at least one expert');
  const weights =
    options.weights && options.weights.length > 0 ? [...options.weights] : Array<number>(k).fill(1);
  if (weights.length !== k)
    throw new Error(
      `mergeExperts: ${weights.length} weight(s) for ${k} expert(s); give one per expert or none`,
    );
  if (weights.some((w) => !Number.isFinite(w)))
    throw new Error('mergeExperts: weights must be finite numbers');
  if (k > 255) throw new Error('mergeExperts: at most 255 experts');
  const density = options.density ?? 0.2;
  if (method !== 'task-arithmetic' && !(density > 0 && density <= 1))
    throw new Error(`mergeExperts: density must be in (0, 1], got ${density}`);
  const seed = options.seed ?? 0;
  if (format === 'lora' && !(Number.isInteger(options.rank) && options.rank! >= 1))
    throw new Error('mergeExperts: --format lora needs --rank R (a positive integer)');
  await checkOutputFree(out);

  const experts: LoraAdapter[] = [];
  try {
    for (const dir of options.experts) experts.push(await openLoraAdapter(dir));
    checkExpertsMatch(experts);
    await checkFactorsFinite(experts, signal);
    const first = experts[0]!;
    const modules = [...first.modules.values()];

    const temp = join(
      dirname(resolve(out)),
      `.${basename(out)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    await mkdir(temp);
    let writer: SafetensorsWriter | undefined;
    let session: LoraDeltaSession | undefined;
    try {
      const reports: ModuleReport[] = [];
      const rankOf = (m: LoraModule) => Math.min(options.rank ?? 1, m.outFeatures, m.inFeatures);
      const specs: TensorSpec[] =
        format === 'delta'
          ? modules.map((m) => ({
              name: `${m.name}.weight`,
              dtype: 'F32',
              shape: [m.outFeatures, m.inFeatures],
            }))
          : modules.flatMap((m) => [
              {
                name: `${m.name}.lora_A.weight`,
                dtype: 'F32' as const,
                shape: [rankOf(m), m.inFeatures],
              },
              {
                name: `${m.name}.lora_B.weight`,
                dtype: 'F32' as const,
                shape: [m.outFeatures, rankOf(m)],
              },
            ]);
      const file = join(
        temp,
        format === 'delta' ? 'delta.safetensors' : 'adapter_model.safetensors',
      );
      writer = await createSafetensorsWriter(file, specs, { format: 'pt', merge_method: method });
      session = await createLoraDeltaSession();
      const delta = session;
      let scratch = new Float32Array(0);
      for (const [index, module] of modules.entries()) {
        const { name, outFeatures: rows, inFeatures: cols } = module;
        const size = rows * cols;
        if (scratch.length < size && format === 'lora') scratch = new Float32Array(size);
        const factors = await Promise.all(experts.map((e) => e.readFactors(name)));
        const scales = experts.map((e, i) => weights[i]! * e.modules.get(name)!.scale);
        const tally = emptyTally(k);
        const blockRows = Math.max(
          1,
          Math.min(rows, Math.floor((options.blockEntries ?? 1 << 18) / cols)),
        );
        const taus = experts.map(() => new Float32Array(blockRows * cols));
        // Which block each expert's buffer holds: a one-block module is computed once, not per pass.
        const held = experts.map(() => -1);
        /** Expert i's ΔW rows [r0, r1): recomputed per pass (the MatMul is cheaper than keeping it). */
        const deltaBlock = async (i: number, r0: number, r1: number) => {
          const tau = taus[i]!.subarray(0, (r1 - r0) * cols);
          if (held[i] === r0) return tau;
          signal?.throwIfAborted();
          const { a, b } = factors[i]!;
          await delta.rows(b, a, module.rank, cols, scales[i]!, r0, r1, tau);
          held[i] = r0;
          return tau;
        };
        const blockStarts = Array.from({ length: Math.ceil(rows / blockRows) }, (_, j) => [
          j * blockRows,
          Math.min(rows, (j + 1) * blockRows),
        ]) as [number, number][];

        let thresholds: number[] | undefined;
        if (method === 'ties') {
          // Two-level radix select over blocks (topFractionThreshold), all experts side by side.
          const selects = experts.map(() => createTopFractionSelect(size, density));
          for (const [r0, r1] of blockStarts)
            for (const [i, select] of selects.entries())
              select.countHigh(await deltaBlock(i, r0, r1), r0 * cols);
          for (const select of selects) select.pickHighBin();
          for (const [r0, r1] of blockStarts)
            for (const [i, select] of selects.entries())
              select.countLow(await deltaBlock(i, r0, r1));
          thresholds = selects.map((select) => select.threshold());
        }
        const randoms = experts.map((_, i) => seededStreamRandom(seed, `${name}#${i}`));
        const merged = new Float32Array(blockRows * cols);
        for (const [r0, r1] of blockStarts) {
          const n = (r1 - r0) * cols;
          const blocks: Float32Array[] = [];
          for (let i = 0; i < k; i++) blocks.push(await deltaBlock(i, r0, r1));
          const block = merged.subarray(0, n);
          if (method === 'ties') tiesCombineBlock(blocks, thresholds!, block, tally);
          else {
            blocks.forEach((tau, i) => {
              const expertTally = tally.experts[i]!;
              if (method === 'dare-ties') dropAndRescale(tau, density, randoms[i]!, expertTally);
              else keepAll(tau, expertTally);
            });
            combineBlock(blocks, block, method !== 'task-arithmetic', tally);
          }
          // The kernels may have trimmed or dropped entries in place.
          held.fill(-1);
          if (format === 'delta') await writer.write(`${name}.weight`, block, r0 * cols);
          else scratch.set(block, r0 * cols);
        }
        const report = moduleReport(
          name,
          [rows, cols],
          tally,
          options.experts,
          weights,
          thresholds,
        );
        if (format === 'lora') {
          const lowRank = truncatedSvd(scratch.subarray(0, size), rows, cols, rankOf(module), {
            seed,
          });
          await writer.write(`${name}.lora_A.weight`, lowRank.a);
          await writer.write(`${name}.lora_B.weight`, lowRank.b);
          report.loraRelativeError = lowRank.relativeError;
        }
        reports.push(report);
        options.onModule?.(index + 1, modules.length, name);
      }
      await writer.close();
      await session.release();
      session = undefined;
      if (format === 'lora') {
        const targets = [...new Set(modules.map((m) => m.name.split('.').at(-1)!))];
        await writeFile(
          join(temp, 'adapter_config.json'),
          `${JSON.stringify(adapterConfigFor(first, options.rank!, targets), null, 2)}\n`,
        );
      }
      const outInfo = await stat(out).catch(() => undefined);
      if (outInfo) await rmdir(out);
      await rename(temp, out);
      return {
        method,
        ...(method === 'task-arithmetic' ? {} : { density }),
        ...(method === 'dare-ties' ? { seed } : {}),
        format,
        ...(format === 'lora' ? { rank: options.rank! } : {}),
        out: join(out, basename(file)),
        modules: reports,
        overall: overallReport(reports, options.experts, weights),
        seconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      await writer?.close().catch(() => undefined);
      await session?.release().catch(() => undefined);
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
  } finally {
    await Promise.all(experts.map((e) => e.close()));
  }
}
