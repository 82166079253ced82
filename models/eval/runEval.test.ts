import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvalReport } from './buildReport';
import type { ModelDescription } from '../runtime/manager/describeModel';
import type { Predictor } from './predictor';
import { readResults } from './resultsLog';
import { runEval, type RunEvalOptions } from './runEval';
import { greyScriptPredictor } from './testing/greyScriptPredictor';
import { stableReport as stable } from './testing/stableReport';
import {
  BRIGHT,
  DARK,
  writeTinyMedXpertQA,
  writeTinyOmniMedVQA,
  type MxQuestion,
} from './testing/tinyBenchmarks';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmx-run-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const model: ModelDescription = {
  dir: '/models/demo',
  name: 'demo',
  demo: true,
  demoReason: 'a test double',
};
const texts = { dark: 'The answer is (A).', bright: '\\boxed{B}' };

// dark → A, bright → B; MM-3's mean grey (20+230+230)/3 is bright.
const mx = (
  id: string,
  label: string,
  images: number[],
  medical_task: string,
  question_type = 'Reasoning',
): MxQuestion => ({ id, label, images, medical_task, body_system: 'Skeletal', question_type });
const questions = [
  mx('MM-0', 'A', [DARK], 'Diagnosis'),
  mx('MM-1', 'B', [BRIGHT], 'Diagnosis', 'Understanding'),
  mx('MM-2', 'C', [DARK, DARK], 'Treatment'),
  mx('MM-3', 'B', [DARK, BRIGHT, BRIGHT], 'Treatment'),
  mx('MM-4', 'A', [BRIGHT], 'Diagnosis', 'Understanding'),
  mx('MM-5', 'Z', [DARK], 'Treatment'),
];

function setup(sub = 'data') {
  return writeTinyMedXpertQA(join(dir, sub), questions, ['{"id": "MM-9", "question":']);
}

function options(
  predictor: Predictor,
  runDir: string,
  extra: Partial<RunEvalOptions> = {},
): RunEvalOptions {
  const { dataFile, imagesDir } = setup();
  return {
    benchmark: 'medxpertqa-mm',
    dataPath: dataFile,
    imagesDir,
    model,
    createPredictor: async () => predictor,
    runDir,
    ...extra,
  };
}

describe('runEval', () => {
  it('scores every question, writes one line per question and a report with exact per-category accuracy', async () => {
    const { predictor, calls } = greyScriptPredictor(texts);
    const runDir = join(dir, 'run');
    const report = await runEval(options(predictor, runDir));

    expect(calls.map((c) => c.images.length)).toEqual([1, 1, 2, 3, 1]);
    expect(calls[0]?.prompt).toMatch(/^Q: .*\nAnswer Choices: \(A\)/s);
    const rows = readResults(join(runDir, 'results.jsonl')).rows;
    expect(rows.map((r) => [r.id, r.status, r.prediction, r.correct])).toEqual([
      ['MM-0', 'answered', 'A', true],
      ['MM-1', 'answered', 'B', true],
      ['MM-2', 'answered', 'A', false],
      ['MM-3', 'answered', 'B', true],
      ['MM-4', 'answered', 'B', false],
      ['MM-5', 'bad-data', null, false],
      ['test.jsonl:7', 'bad-data', null, false],
    ]);
    expect(rows[0]).toMatchObject({
      label: 'A',
      raw: texts.dark,
      tokens: texts.dark.length,
      via: 'phrase',
    });

    expect(report.overall).toEqual({
      correct: 3,
      n: 5,
      accuracy: 60,
      ci95: { low: 23.07, high: 88.24 },
    });
    expect(report.categories.medical_task).toEqual({
      Diagnosis: expect.objectContaining({ correct: 2, n: 3 }),
      Treatment: expect.objectContaining({ correct: 1, n: 2 }),
    });
    expect(report.categories.question_type?.Understanding).toMatchObject({
      correct: 1,
      n: 2,
      accuracy: 50,
    });
    expect(report.counts).toEqual({
      selected: 7,
      answered: 5,
      badData: 2,
      modelErrors: 0,
      pending: 0,
    });
    expect(report.badData.map((b) => b.id)).toEqual(['MM-5', 'test.jsonl:7']);
    expect(report.complete).toBe(true);
    expect(report.throughput.tokens).toBe(2 * texts.dark.length + 3 * texts.bright.length);
    expect(JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8'))).toEqual(report);

    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(md).toMatch(/DEMO MODEL/);
    expect(md).toContain('| overall | 60.00 | 23.07–88.24 | 3/5 |');
    expect(md).toContain(
      '| MMedExpert-R1-7B | 27.50 | +32.50 | MMedExpert-R1 paper, arXiv 2601.10949 (as reported there) |',
    );
    expect(md).toMatch(/2 question\(s\) could not be asked \(bad data\)/);
  });

  it('refuses a run folder that already holds files unless --resume is given, and changes nothing', async () => {
    const runDir = join(dir, 'run');
    await runEval(options(greyScriptPredictor(texts).predictor, runDir));
    const before = readFileSync(join(runDir, 'results.jsonl'), 'utf8');
    const again = greyScriptPredictor(texts);
    await expect(runEval(options(again.predictor, runDir))).rejects.toThrow(
      /is not empty; pass --resume/,
    );
    expect(again.calls).toHaveLength(0);
    expect(readFileSync(join(runDir, 'results.jsonl'), 'utf8')).toBe(before);
  });

  it('gives the same report when a run is cancelled after 3 questions and resumed', async () => {
    const whole = await runEval(options(greyScriptPredictor(texts).predictor, join(dir, 'whole')));

    const runDir = join(dir, 'parts');
    const controller = new AbortController();
    const first = greyScriptPredictor(texts);
    const cancelled = runEval(
      options(first.predictor, runDir, {
        signal: controller.signal,
        onProgress: (p) => p.asked === 3 && controller.abort(new Error('stop')),
      }),
    );
    await expect(cancelled).rejects.toThrow('stop');
    expect(first.closed()).toBe(1);
    expect(readResults(join(runDir, 'results.jsonl')).rows).toHaveLength(3);
    const partial = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as EvalReport;
    expect(partial).toMatchObject({ complete: false, counts: { answered: 3, pending: 4 } });
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(/Incomplete run/);

    const second = greyScriptPredictor(texts);
    const resumed = await runEval(options(second.predictor, runDir, { resume: true }));
    expect(second.calls).toHaveLength(2);
    expect(stable(resumed)).toEqual(stable(whole));
  });

  it('tolerates a torn last line: the question is asked again and the report matches one run', async () => {
    const whole = await runEval(options(greyScriptPredictor(texts).predictor, join(dir, 'whole')));
    const runDir = join(dir, 'torn');
    await runEval(options(greyScriptPredictor(texts).predictor, runDir, { limit: 4 }));
    const file = join(runDir, 'results.jsonl');
    const text = readFileSync(file, 'utf8');
    truncateSync(file, text.length - 25);

    const second = greyScriptPredictor(texts);
    const resumed = await runEval(options(second.predictor, runDir, { resume: true }));
    expect(second.calls.map((c) => c.images[0]?.replace(/^.*\//, ''))).toEqual([
      'MM-3-a.png',
      'MM-4-a.png',
    ]);
    expect(stable(resumed)).toEqual(stable(whole));
    expect(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .every((l) => JSON.parse(l)),
    ).toBe(true);
  });

  it('skips nothing twice and asks nothing when a finished run is resumed', async () => {
    const runDir = join(dir, 'run');
    await runEval(options(greyScriptPredictor(texts).predictor, runDir));
    let created = 0;
    const report = await runEval({
      ...options(greyScriptPredictor(texts).predictor, runDir, { resume: true }),
      createPredictor: async () => (created++, greyScriptPredictor(texts).predictor),
    });
    expect(created).toBe(0);
    expect(report.overall.correct).toBe(3);
  });

  it('refuses to resume a run made with another perspective', async () => {
    const runDir = join(dir, 'run');
    await runEval(options(greyScriptPredictor(texts).predictor, runDir, { limit: 1 }));
    await expect(
      runEval(
        options(greyScriptPredictor(texts).predictor, runDir, {
          resume: true,
          perspective: 'bayesian',
        }),
      ),
    ).rejects.toThrow(/cannot resume: .* perspective null, not "bayesian"/);
  });

  it('puts the perspective instruction into every prompt of a --perspective run', async () => {
    const { predictor, calls } = greyScriptPredictor(texts);
    const report = await runEval(
      options(predictor, join(dir, 'p'), { perspective: 'bayesian', limit: 2 }),
    );
    expect(report.perspective).toBe('bayesian');
    expect(calls.map((c) => c.system)).toEqual([
      'You are a helpful medical assistant.',
      'You are a helpful medical assistant.',
    ]);
    expect(
      calls.every(
        (c) =>
          c.prompt.startsWith('Bayesian reasoning.') &&
          c.prompt.endsWith("A: Let's think step by step."),
      ),
    ).toBe(true);
  });

  it('selects the same questions for the same --shuffle seed and --limit', async () => {
    const a = greyScriptPredictor(texts);
    const b = greyScriptPredictor(texts);
    await runEval(options(a.predictor, join(dir, 'a'), { shuffle: 3, limit: 3 }));
    await runEval(options(b.predictor, join(dir, 'b'), { shuffle: 3, limit: 3 }));
    const ids = (d: string) => readResults(join(dir, d, 'results.jsonl')).rows.map((r) => r.id);
    expect(ids('a')).toEqual(ids('b'));
    expect(ids('a')).toHaveLength(3);
    expect(ids('a')).not.toEqual(['MM-0', 'MM-1', 'MM-2']);
  });

  it('records a question the model fails on and goes on, and stops after five failures in a row', async () => {
    const { predictor } = greyScriptPredictor(texts);
    let n = 0;
    const flaky: Predictor = {
      predict: (input, signal) =>
        ++n === 2 ? Promise.reject(new Error('decode failed')) : predictor.predict(input, signal),
      close: async () => {},
    };
    const report = await runEval(options(flaky, join(dir, 'flaky')));
    expect(report.modelErrors).toEqual([{ id: 'MM-1', error: 'decode failed' }]);
    expect(report.complete).toBe(false);
    expect(report.overall).toMatchObject({ correct: 2, n: 4 });

    const broken: Predictor = {
      predict: () => Promise.reject(new Error('worker crashed')),
      close: async () => {},
    };
    const { dataFile, imagesDir } = writeTinyMedXpertQA(
      join(dir, 'many'),
      Array.from({ length: 8 }, (_, i) => mx(`MM-${i}`, 'A', [DARK], 'Diagnosis')),
    );
    await expect(
      runEval({
        benchmark: 'medxpertqa-mm',
        dataPath: dataFile,
        imagesDir,
        model,
        createPredictor: async () => broken,
        runDir: join(dir, 'broken'),
      }),
    ).rejects.toThrow(/failed 5 questions in a row \(last: worker crashed\)/);
    expect(readResults(join(dir, 'broken', 'results.jsonl')).rows).toHaveLength(5);
  });

  it('scores OmniMedVQA by option text and lists unparseable answers as wrong', async () => {
    const { qaDir, root } = writeTinyOmniMedVQA(join(dir, 'omni'), [
      {
        question_id: 'ct_0',
        dataset: 'CT Chest',
        question_type: 'Modality Recognition',
        modality_type: 'CT',
        grey: DARK,
        options: ['MR', 'CT'],
        gt_answer: 'CT',
      },
      {
        question_id: 'ct_1',
        dataset: 'CT Chest',
        question_type: 'Anatomy Identification',
        modality_type: 'CT',
        grey: DARK,
        options: ['CT', 'X-ray', 'MR'],
        gt_answer: 'CT',
      },
      {
        question_id: 'ct_2',
        dataset: 'CT Chest',
        question_type: 'Modality Recognition',
        modality_type: 'CT',
        grey: DARK,
        options: ['PET', 'MR'],
        gt_answer: 'MR',
      },
      {
        question_id: 'mr_0',
        dataset: 'MRI Brain',
        question_type: 'Modality Recognition',
        modality_type: 'MR',
        grey: BRIGHT,
        options: ['CT', 'MR'],
        gt_answer: 'MR',
      },
    ]);
    const { predictor } = greyScriptPredictor({ dark: 'CT', bright: 'I am not sure.' });
    const runDir = join(dir, 'omni-run');
    const report = await runEval({
      benchmark: 'omnimedvqa',
      dataPath: qaDir,
      imagesDir: root,
      model: { ...model, demo: false },
      createPredictor: async () => predictor,
      runDir,
    });
    expect(report.overall).toMatchObject({ correct: 2, n: 4, accuracy: 50 });
    expect(report.invalid).toEqual({ count: 2, ratePercent: 50, ids: ['ct_2', 'mr_0'] });
    expect(Object.keys(report.categories)).toEqual(['modality_type', 'question_type', 'dataset']);
    expect(report.categories.dataset).toEqual({
      'CT Chest': expect.objectContaining({ correct: 2, n: 3 }),
      'MRI Brain': expect.objectContaining({ correct: 0, n: 1 }),
    });
    expect(report.published[0]).toMatchObject({
      model: 'MMedExpert-R1-7B',
      accuracy: 83.03,
      deltaPoints: -33.03,
    });
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(md).not.toMatch(/DEMO MODEL/);
    expect(md).toMatch(/## Invalid answers\n\n- `ct_2`\n- `mr_0`/);
  });

  it('leaves an empty --out folder usable without --resume', async () => {
    const runDir = join(dir, 'empty');
    mkdirSync(runDir);
    await runEval(options(greyScriptPredictor(texts).predictor, runDir));
    expect(readdirSync(runDir).sort()).toEqual([
      'reliability-body_system.svg',
      'reliability-medical_task.svg',
      'reliability-question_type.svg',
      'reliability.svg',
      'report.json',
      'report.md',
      'results.jsonl',
      'run.json',
    ]);
  });
});
