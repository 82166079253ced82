import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchmarkNames, isBenchmarkName } from '../eval/benchmarks';
import { describeModel } from '../runtime/manager/describeModel';
import { createProgressReporter } from '../eval/progressReporter';
import { RunDirError, runFiles } from '../eval/runDir';
import { runEval } from '../eval/runEval';
import { createRuntimePredictor } from '../eval/runtimePredictor';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { OpenAiRuntime } from '../runtime/openai/OpenAiRuntime';
import { PERSPECTIVES, isPerspective } from '../reasoning/perspectives';
import { UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';
import { serverFlagsHelp, serverFromFlags, serverOptions } from './serverFlags';
import {
  generationFlagsHelp,
  generationOptions,
  imagePixelsFromFlags,
  samplingFromFlags,
} from './generationFlags';

function requirePath(
  value: string | undefined,
  flag: string,
  kind: 'file-or-folder' | 'folder',
): string {
  const path = resolve(requireFlag(value, flag));
  if (!existsSync(path)) throw new UsageError(`--${flag} ${path} does not exist`);
  if (kind === 'folder' && !statSync(path).isDirectory())
    throw new UsageError(`--${flag} ${path} is not a folder`);
  return path;
}

export const evalCommand = defineCommand({
  path: ['eval'],
  usage:
    'eval --benchmark medxpertqa-mm|omnimedvqa --data PATH --images DIR --model DIR|--server URL [--server-model NAME] [--api-key-env VAR] [--allow-remote] [--concurrency N] [--limit N] [--shuffle SEED] [--perspective P] --out RUN_DIR [--resume] [--max-new-tokens N] [--temperature T] [--top-p P] [--top-k K] [--repetition-penalty R] [--seed N] [--image-detail low|auto|high] [--min-pixels N] [--max-pixels N] [--json]',
  summary:
    'run a benchmark on a model folder, resumable, with accuracy per category beside published results',
  details: [
    '  --benchmark B       medxpertqa-mm (MedXpertQA MM subset) or omnimedvqa',
    '  --data PATH         medxpertqa-mm: the JSONL file (e.g. MM/test.jsonl);',
    '                      omnimedvqa: one JSON file or a folder of them (QA_information/Open-access)',
    '  --images DIR        medxpertqa-mm: the images folder; omnimedvqa: the benchmark root (image_path is relative to it)',
    '  --model DIR         model folder (docs/MODEL-CONTRACT.md layout)',
    serverFlagsHelp,
    '  --concurrency N     questions in flight at once (default 1; useful with --server)',
    '  --limit N           ask only the first N questions (after --shuffle)',
    '  --shuffle SEED      seeded, deterministic question order',
    `  --perspective P     reason from one perspective first: ${PERSPECTIVES.join('|')}`,
    '  --out RUN_DIR       results.jsonl (one line per question), report.md, report.json, run.json,',
    '                      reliability.svg (answer confidence against accuracy; the report adds the',
    '                      expected calibration error, 10 bins, overall and per category) and',
    '                      reliability-CATEGORY.svg (a panel per category value)',
    '  --resume            continue the run in RUN_DIR, skipping the questions it answered',
    '  --max-new-tokens N  generation budget per question (default 1024; decoding stops earlier at the end of the answer)',
    generationFlagsHelp,
    '                      (eval: every question gets the same --seed; run.json records these, and --resume keeps them)',
    '  --json              print report.json on stdout',
  ].join('\n'),
  options: {
    benchmark: { type: 'string' },
    data: { type: 'string' },
    images: { type: 'string' },
    model: { type: 'string' },
    ...serverOptions,
    concurrency: { type: 'string' },
    limit: { type: 'string' },
    shuffle: { type: 'string' },
    perspective: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    'max-new-tokens': { type: 'string' },
    ...generationOptions,
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const benchmark = requireFlag(values.benchmark, 'benchmark');
    if (!isBenchmarkName(benchmark))
      throw new UsageError(
        `--benchmark must be one of ${benchmarkNames.join(', ')}, got '${benchmark}'`,
      );
    const perspective = values.perspective;
    if (perspective !== undefined && !isPerspective(perspective)) {
      throw new UsageError(
        `--perspective must be one of ${PERSPECTIVES.join(', ')}, got '${perspective}'`,
      );
    }
    const dataPath = requirePath(values.data, 'data', 'file-or-folder');
    const imagesDir = requirePath(values.images, 'images', 'folder');
    const concurrency = numberFlag(values.concurrency, 'concurrency', {
      min: 1,
      max: 256,
      integer: true,
      fallback: 1,
    });
    if (values.expert !== undefined) {
      throw new UsageError(
        '--expert: benchmark questions are not routed to specialties; evaluate an expert with --server-model NAME',
      );
    }
    const server = await serverFromFlags(values, {
      specialties: [...new Set(loadGuidelinePacks().flatMap((l) => l.pack.specialties))],
      io,
    });
    const modelDir = server
      ? undefined
      : requirePath(values.model, 'model (or --server URL)', 'folder');
    if (modelDir && !existsSync(join(modelDir, 'config.json')))
      throw new UsageError(`--model ${modelDir} has no config.json (see 'mmx model verify')`);
    const sampling = samplingFromFlags(values);
    const imagePixels = imagePixelsFromFlags(values);
    const generation = {
      ...(sampling ? { sampling } : {}),
      ...(imagePixels ? { imagePixels } : {}),
    };
    const runDir = resolve(requireFlag(values.out, 'out'));
    const limit = numberFlag(values.limit, 'limit', { min: 1, integer: true });
    const shuffle = numberFlag(values.shuffle, 'shuffle', {
      min: 0,
      max: 0xffffffff,
      integer: true,
    });
    const maxNewTokens = numberFlag(values['max-new-tokens'], 'max-new-tokens', {
      min: 1,
      max: 32768,
      integer: true,
      fallback: 1024,
    });

    // A server run is named by its URL and model, so --resume cannot mix two servers' answers.
    const model = server
      ? { dir: `${server.baseUrl}#${server.model}`, name: server.model, demo: false }
      : describeModel(modelDir as string);
    const progress = createProgressReporter(io.stderr);
    let report;
    try {
      report = await runEval({
        benchmark,
        dataPath,
        imagesDir,
        model,
        runDir,
        resume: values.resume ?? false,
        limit,
        shuffle,
        perspective,
        maxNewTokens,
        generation,
        concurrency,
        signal: io.signal,
        onProgress: (p) => progress.update(p),
        createPredictor: () => {
          if (server) {
            io.stderr.write(`asking ${model.name} at ${server.baseUrl} ...\n`);
            return createRuntimePredictor(server.model, {
              signal: io.signal,
              runtime: new OpenAiRuntime(server),
              generation,
            });
          }
          io.stderr.write(`loading model ${model.name}${model.demo ? ' (demo model)' : ''} ...\n`);
          return createRuntimePredictor(modelDir as string, { signal: io.signal, generation });
        },
      });
    } catch (error) {
      if (error instanceof RunDirError) throw new UsageError(error.message);
      throw error;
    } finally {
      progress.end();
    }
    if (values.json) {
      writeJson(io, report);
      return;
    }
    const o = report.overall;
    const accuracy =
      o.accuracy === null
        ? 'no answered questions'
        : `${o.accuracy.toFixed(2)} % (${o.correct}/${o.n}, 95 % CI ${o.ci95.low.toFixed(2)}–${o.ci95.high.toFixed(2)})`;
    io.stdout.write(
      [
        `${report.title} on ${model.name}${model.demo ? ' — DEMO MODEL, not a medical result' : ''}: ${accuracy}`,
        `invalid answers ${report.invalid.count}, bad data ${report.counts.badData}, model errors ${report.counts.modelErrors}` +
          (report.throughput.tokensPerSecond === null
            ? ''
            : `, ${report.throughput.tokensPerSecond} tokens/s`),
        `report: ${join(runDir, runFiles.reportMd)}`,
        '',
      ].join('\n'),
    );
  },
});
