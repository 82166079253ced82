import { mergeMethods, type MergeMethod } from '../tooling/merge/mergeKernel';
import { mergeExperts } from '../tooling/merge/mergeExperts';
import { summariseMerge } from '../tooling/merge/mergeReport';
import { UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';
import { writeAtomically } from './writeAtomically';

export const mergeCommand = defineCommand({
  path: ['merge'],
  usage:
    'merge --expert DIR [--expert DIR ...] [--weight W ...] --method ties|task-arithmetic|dare-ties [--density D] [--seed N] --out DIR [--format delta|lora] [--rank R] [--report FILE.json] [--json]',
  summary:
    'conflict-aware merge of PEFT LoRA experts (TIES / task arithmetic / DARE-TIES) with a conflict report',
  details: [
    '  --expert DIR      a PEFT LoRA adapter folder (adapter_config.json + adapter_model.safetensors); repeat',
    '  --weight W        one per expert, in order (default 1 each); negative to subtract a task vector',
    '  --method M        ties (trim, elect sign, disjoint mean), task-arithmetic (weighted sum), dare-ties',
    '  --density D       kept fraction for ties / dare-ties, in (0, 1] (default 0.2)',
    '  --seed N          seed of the DARE drops and of the randomized SVD (default 0)',
    '  --out DIR         new folder (must not exist, or be empty); written atomically',
    '  --format F        delta: delta.safetensors, one dense f32 <module>.weight per module (default);',
    '                    lora: a PEFT adapter of rank --rank R (truncated SVD of every merged ΔW)',
    '  --report FILE     the full per-module report as JSON',
    '  --json            print the report on stdout instead of the summary',
  ].join('\n'),
  options: {
    expert: { type: 'string', multiple: true },
    weight: { type: 'string', multiple: true },
    method: { type: 'string' },
    density: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    rank: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const experts = values.expert ?? [];
    if (experts.length === 0)
      throw new UsageError('missing required flag --expert (give one per expert folder)');
    const method = requireFlag(values.method, 'method');
    if (!mergeMethods.includes(method as MergeMethod))
      throw new UsageError(`--method must be one of ${mergeMethods.join(', ')}, got '${method}'`);
    const weights = (values.weight ?? []).map((w) => numberFlag(w, 'weight')!);
    if (weights.length > 0 && weights.length !== experts.length) {
      throw new UsageError(
        `${weights.length} --weight value(s) for ${experts.length} --expert folder(s); give one per expert or none`,
      );
    }
    const format = values.format ?? 'delta';
    if (format !== 'delta' && format !== 'lora')
      throw new UsageError(`--format must be delta or lora, got '${format}'`);
    const rank = numberFlag(values.rank, 'rank', { min: 1, integer: true });
    if (format === 'lora' && rank === undefined)
      throw new UsageError('--format lora needs --rank R');
    if (format === 'delta' && rank !== undefined)
      throw new UsageError('--rank only applies to --format lora');
    if (method === 'task-arithmetic' && values.density !== undefined)
      throw new UsageError('--density does not apply to task-arithmetic');
    const report = await mergeExperts({
      experts,
      weights,
      method: method as MergeMethod,
      density: numberFlag(values.density, 'density', {
        min: Number.MIN_VALUE,
        max: 1,
        fallback: 0.2,
      }),
      seed: numberFlag(values.seed, 'seed', {
        min: 0,
        max: 2 ** 32 - 1,
        integer: true,
        fallback: 0,
      }),
      out: requireFlag(values.out, 'out'),
      format,
      rank,
      signal: io.signal,
    });
    if (values.report) await writeAtomically(values.report, `${JSON.stringify(report, null, 2)}\n`);
    if (values.json) writeJson(io, report);
    else io.stdout.write(`${summariseMerge(report)}\n`);
  },
});
