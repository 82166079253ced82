import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { benchmarks } from '../eval/benchmarks';
import type { BenchItem } from '../eval/benchItem';
import { describeModel } from '../runtime/manager/describeModel';
import type { Predictor } from '../eval/predictor';
import { runEval } from '../eval/runEval';
import { createRuntimePredictor } from '../eval/runtimePredictor';
import { BRIGHT, DARK, writeTinyMedXpertQA } from '../eval/testing/tinyBenchmarks';

/** Loads the model and answers one question, so both sides start warm. */
async function warmPredictor(modelDir: string, item: BenchItem): Promise<Predictor> {
  const predictor = await createRuntimePredictor(modelDir);
  const { system, prompt } = benchmarks['medxpertqa-mm'].prompt(item);
  await predictor.predict(
    { images: item.images, system, prompt, maxNewTokens: 64 },
    new AbortController().signal,
  );
  return predictor;
}

/**
 * `npm run bench -- eval [--questions N]`: what the harness costs per
 * question (loading, prompt, answer extraction, a flushed results line,
 * progress) on top of the model. Reference, in the same run: the same
 * questions sent straight to the same worker through Predictor.predict.
 */
export async function runEvalBench(args: string[]): Promise<void> {
  const at = args.indexOf('--questions');
  const n = at >= 0 ? Number(args[at + 1]) : 40;
  if (!Number.isInteger(n) || n < 1)
    throw new Error('eval bench: --questions must be a positive integer');
  const dir = await mkdtemp(join(tmpdir(), 'mmx-eval-bench-'));
  try {
    const modelDir = join(dir, 'model');
    await buildFixtureModel(modelDir, {
      kind: 'scripted',
      script: {
        rules: [
          { image: 'dark', text: 'The answer is (A).' },
          { image: 'bright', text: '<answer>B</answer>' },
        ],
      },
    });
    const questions = Array.from({ length: n }, (_, i) => ({
      id: `MM-${i}`,
      label: 'ABCDE'[i % 5] ?? 'A',
      images: Array.from({ length: 1 + (i % 6) }, (_, k) => ((i + k) % 2 === 0 ? DARK : BRIGHT)),
      medical_task: 'Diagnosis',
      body_system: 'Skeletal',
      question_type: 'Reasoning',
    }));
    const { dataFile, imagesDir } = writeTinyMedXpertQA(join(dir, 'data'), questions);
    const items = benchmarks['medxpertqa-mm']
      .load(dataFile, imagesDir)
      .entries.flatMap((e) => ('item' in e ? [e.item] : []));
    const first = items[0];
    if (!first) throw new Error('eval bench: no questions loaded');
    console.log(
      `eval bench: ${n} MedXpertQA-MM questions (1–6 images of 56×56) on the scripted fixture model, greedy, warm worker`,
    );

    const bare = await warmPredictor(modelDir, first);
    const t0 = performance.now();
    for (const item of items) {
      const { system, prompt } = benchmarks['medxpertqa-mm'].prompt(item);
      await bare.predict(
        { images: item.images, system, prompt, maxNewTokens: 1024 },
        new AbortController().signal,
      );
    }
    const bareMs = (performance.now() - t0) / n;
    await bare.close();

    let loadMs = 0;
    const t1 = performance.now();
    await runEval({
      benchmark: 'medxpertqa-mm',
      dataPath: dataFile,
      imagesDir,
      model: describeModel(modelDir),
      runDir: join(dir, 'run'),
      createPredictor: async () => {
        const started = performance.now();
        const predictor = await warmPredictor(modelDir, first);
        loadMs = performance.now() - started;
        return predictor;
      },
    });
    const harnessMs = (performance.now() - t1 - loadMs) / n;
    console.log(
      `  mmx eval harness     ${harnessMs.toFixed(1)} ms/question  (runEval: load, prompt, predict, extract, fsync'd results line, report)`,
    );
    console.log(
      `  bare predict (same)  ${bareMs.toFixed(1)} ms/question  (Predictor.predict on the same worker and prompts)`,
    );
    console.log(
      `  ratio                ${(harnessMs / bareMs).toFixed(3)}  (harness / bare; overhead ${(harnessMs - bareMs).toFixed(1)} ms/question)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
