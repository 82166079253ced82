import { replayDicomCase, runDicomFuzz, type FuzzSummary } from '../fuzz/runDicomFuzz';
import { CliError, UsageError, defineCommand, numberFlag, writeJson } from './command';

export const fuzzCommand = defineCommand({
  path: ['fuzz'],
  usage:
    'fuzz dicom [--cases N] [--seed S] [--out DIR] [--replay FILE] [--json]   (npm run fuzz -- dicom)',
  summary:
    'mutate seed files and check that every case ends in pixels or one clean error, in bounded time and memory',
  details: [
    'targets:',
    '  dicom   the DICOM decoder (parse, info, tags, decode and render the first and last frame)',
    'options:',
    '  --cases N       how many cases (default 1000)',
    '  --seed S        the run seed; the same seed gives the same cases (default 1)',
    '  --out DIR       save failing cases there (default fuzz-failures)',
    '  --replay FILE   run one saved case under the same limits',
    '  --cpu-ms MS     CPU time one case may take (default 5000)',
    '  --json          print the summary as JSON',
    'Each case runs in a worker process with a heap limit, a CPU-time limit and a',
    'resident-memory limit; outcomes: ok, clean (one-line DicomError), unclean, hang, runaway.',
  ].join('\n'),
  options: {
    cases: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    replay: { type: 'string' },
    'cpu-ms': { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const [target, ...extra] = positionals;
    if (target !== 'dicom')
      throw new UsageError(`name a fuzz target: dicom${target ? ` (got '${target}')` : ''}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const cpuLimitMs = numberFlag(values['cpu-ms'], 'cpu-ms', {
      min: 100,
      integer: true,
      fallback: 5000,
    })!;
    if (values.replay) {
      const result = await replayDicomCase(values.replay, { cpuLimitMs });
      if (values.json) writeJson(io, result);
      else io.stdout.write(`${result.kind} (${result.cpuMs} ms CPU): ${result.message}\n`);
      if (result.kind !== 'ok' && result.kind !== 'clean')
        throw new CliError(`the case is ${result.kind}`);
      return;
    }
    const cases = numberFlag(values.cases, 'cases', {
      min: 1,
      max: 10_000_000,
      integer: true,
      fallback: 1000,
    })!;
    const seed = numberFlag(values.seed, 'seed', {
      min: 0,
      max: 2 ** 32 - 1,
      integer: true,
      fallback: 1,
    })!;
    const outDir = values.out ?? 'fuzz-failures';
    let lastReport = Date.now();
    const summary = await runDicomFuzz({
      cases,
      seed,
      cpuLimitMs,
      outDir,
      onProgress: (done, counts) => {
        if (values.json || Date.now() - lastReport < 5000) return;
        lastReport = Date.now();
        io.stderr.write(`${done}/${cases}: ${formatCounts(counts)}\n`);
      },
    });
    if (values.json) writeJson(io, summary);
    else io.stdout.write(formatSummary(summary));
    if (summary.failures.length > 0)
      throw new CliError(
        `${summary.failures.length} failing case(s), saved under ${outDir} (replay with --replay FILE)`,
      );
  },
});

function formatCounts(counts: FuzzSummary['counts']): string {
  return `${counts.ok} ok, ${counts.clean} clean errors, ${counts.unclean} unclean, ${counts.hang} hangs, ${counts.runaway} runaway allocations`;
}

function formatSummary(summary: FuzzSummary): string {
  const lines = [
    `dicom fuzz: ${summary.cases} cases, seed ${summary.seed}, ${summary.seconds.toFixed(1)} s`,
    formatCounts(summary.counts),
    ...summary.failures.map(
      (f) => `  ${f.kind} #${f.index} [${f.what}]: ${f.message}${f.file ? ` -> ${f.file}` : ''}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
