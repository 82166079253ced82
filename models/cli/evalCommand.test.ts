import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../eval/buildReport';
import { describeModel } from '../runtime/manager/describeModel';
import { readResults } from '../eval/resultsLog';
import { runEval } from '../eval/runEval';
import { selectItems } from '../eval/selectItems';
import { createRuntimePredictor } from '../eval/runtimePredictor';
import {
  BRIGHT,
  DARK,
  writeTinyMedXpertQA,
  writeTinyOmniMedVQA,
  type MxQuestion,
} from '../eval/testing/tinyBenchmarks';
import { stableReport as stable } from '../eval/testing/stableReport';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { runCli as mmx } from './testing/runCli';

// End to end: `mmx eval` runs the real inference worker on the scripted
// fixture model, whose greedy output is fixed by the images' mean grey level,
// so every expected accuracy below follows from how the data was built.

let dir: string;
let mxModel: string;
let omniModel: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mmx-eval-e2e-'));
  mxModel = join(dir, 'mx-model');
  omniModel = join(dir, 'omni-model');
  await buildFixtureModel(mxModel, {
    kind: 'scripted',
    script: {
      rules: [
        { image: 'dark', text: 'Therefore, among A through E, the answer is A.' },
        { image: 'bright', text: '<think>bright film</think><answer>\\boxed{B}</answer>' },
      ],
    },
  });
  await buildFixtureModel(omniModel, {
    kind: 'scripted',
    script: {
      rules: [
        { image: 'dark', text: 'CT' },
        { image: 'bright', text: 'Not sure.' },
      ],
    },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mx = (
  id: string,
  label: string,
  images: number[],
  medical_task: string,
  body_system: string,
): MxQuestion => ({ id, label, images, medical_task, body_system, question_type: 'Reasoning' });
// Scripted answers: dark → A, bright → B (mean grey over all of a question's images).
const mxQuestions = [
  mx('MM-0', 'A', [DARK], 'Diagnosis', 'Skeletal'),
  mx('MM-1', 'B', [BRIGHT, BRIGHT], 'Diagnosis', 'Nervous'),
  mx('MM-2', 'D', [DARK, DARK, DARK, DARK, DARK, DARK], 'Treatment', 'Skeletal'),
  mx('MM-3', 'B', [DARK, BRIGHT, BRIGHT], 'Treatment', 'Nervous'),
  mx('MM-4', 'A', [BRIGHT], 'Basic Science', 'Skeletal'),
  mx('MM-5', 'A', [DARK], 'Diagnosis', 'Skeletal'),
];

/** `mmx eval` of a tiny MedXpertQA-MM folder with the scripted model, before --out and --json. */
const mxEvalArgs = (data: { dataFile: string; imagesDir: string }) => [
  'eval',
  '--benchmark',
  'medxpertqa-mm',
  '--data',
  data.dataFile,
  '--images',
  data.imagesDir,
  '--model',
  mxModel,
];

describe('mmx eval with the scripted fixture model', () => {
  it('reports the expected calibration error from the logits at the answer letter, with a reliability diagram', async () => {
    const calModel = join(dir, 'cal-model');
    // The answer letter gets 30, C and D these biases, the other letters 0: every question's
    // top probability is the same softmax, so the ECE follows from the accuracy alone.
    await buildFixtureModel(calModel, {
      kind: 'scripted',
      script: {
        rules: [
          { image: 'dark', text: 'Therefore, among A through E, the answer is A.' },
          { image: 'bright', text: '<think>bright film</think><answer>\\boxed{B}</answer>' },
        ],
        logitBias: { C: 29.5, D: 29 },
      },
    });
    const data = writeTinyMedXpertQA(join(dir, 'mx-cal'), mxQuestions);
    const out = join(dir, 'cal-run');
    const args = mxEvalArgs(data).map((a) => (a === mxModel ? calModel : a));
    const r = await mmx([...args, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as EvalReport;
    const weights = [30, 0, 29.5, 29, 0].map((v) => Math.exp(v - 30));
    const top = 1 / weights.reduce((a, b) => a + b, 0);
    const rows = readResults(join(out, 'results.jsonl')).rows;
    expect(rows.find((row) => row.id === 'MM-0')?.probabilities?.A).toBeCloseTo(top, 6);
    expect(rows.find((row) => row.id === 'MM-1')?.probabilities?.C).toBeCloseTo(
      weights[2]! * top,
      6,
    );
    expect(report.calibration.overall.n).toBe(6);
    expect(report.calibration.overall.ece).toBeCloseTo(Math.abs(4 / 6 - top), 6);
    expect(report.calibration.overall.bins[5]).toMatchObject({ n: 6 });
    expect(report.calibration.categories.medical_task!.Diagnosis!.ece).toBeCloseTo(1 - top, 6);
    expect(report.calibration.categories.body_system!.Nervous!.n).toBe(2);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`**${(Math.abs(4 / 6 - top) * 100).toFixed(2)} %** over 6 of 6`);
    expect(md).toContain('![Reliability diagram](reliability.svg)');
    const svg = readFileSync(join(out, 'reliability.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/class="bin"/g)).toHaveLength(1);
    // Per category: one panel per value (Diagnosis, Treatment, Basic Science), linked from the report.
    const byTask = readFileSync(join(out, 'reliability-medical_task.svg'), 'utf8');
    expect(byTask.match(/<svg x=/g)).toHaveLength(3);
    expect(byTask).toContain('>Basic Science<');
    expect(md).toContain('[Reliability by medical_task](reliability-medical_task.svg)');
  });

  it('scores MedXpertQA-MM, multi-image questions included, exactly as the script dictates', async () => {
    const data = writeTinyMedXpertQA(join(dir, 'mx'), mxQuestions, ['not json']);
    const out = join(dir, 'mx-run');
    const r = await mmx([...mxEvalArgs(data), '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as EvalReport;
    expect(report.overall).toMatchObject({ correct: 4, n: 6 });
    expect(report.categories.medical_task).toMatchObject({
      Diagnosis: { correct: 3, n: 3 },
      Treatment: { correct: 1, n: 2 },
      'Basic Science': { correct: 0, n: 1 },
    });
    expect(report.categories.body_system).toMatchObject({
      Skeletal: { correct: 2, n: 4 },
      Nervous: { correct: 2, n: 2 },
    });
    expect(report.badData).toEqual([{ id: 'test.jsonl:7', error: 'test.jsonl:7: not valid JSON' }]);
    expect(report.model.demo).toBe(true);
    const rows = readResults(join(out, 'results.jsonl')).rows;
    expect(rows.find((row) => row.id === 'MM-1')).toMatchObject({
      prediction: 'B',
      via: 'answer-tag',
      raw: '<think>bright film</think><answer>\\boxed{B}</answer>',
    });
    expect(rows.every((row) => row.status === 'bad-data' || row.tokens > 0)).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^> \*\*DEMO MODEL/m);
    // Plain progress lines on a non-terminal stderr.
    expect(r.stderr).toMatch(/^\[6\/7\] MM-5 A correct/m);
  });

  it('gives the same report after a crash that left two lines missing and one torn, then --resume', async () => {
    const data = writeTinyMedXpertQA(join(dir, 'mx2'), mxQuestions);
    const args = [...mxEvalArgs(data), '--json'];
    const out = join(dir, 'crashed');
    const whole = JSON.parse((await mmx([...args, '--out', out])).stdout) as EvalReport;
    const file = join(out, 'results.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n${lines[3]?.slice(0, 30)}`);

    const refused = await mmx([...args, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: run folder .* is not empty; pass --resume/m);

    const resumed = await mmx([...args, '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.match(/^\[\d\/6\]/gm)).toHaveLength(3);
    expect(stable(JSON.parse(resumed.stdout) as EvalReport)).toEqual(stable(whole));
  });

  it('records the sampling and image flags in run.json and refuses to resume with others', async () => {
    const data = writeTinyMedXpertQA(join(dir, 'mx-seed'), mxQuestions);
    const out = join(dir, 'seeded');
    const flags = ['--limit', '1', '--temperature', '0', '--seed', '3', '--image-detail', 'low'];
    const first = await mmx([...mxEvalArgs(data), ...flags, '--out', out, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({
      generation: { sampling: { temperature: 0, seed: 3 }, imagePixels: { detail: 'low' } },
    });
    const other = await mmx([
      ...mxEvalArgs(data),
      ...flags.slice(0, 4),
      '--seed',
      '4',
      '--out',
      out,
      '--resume',
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /^error: cannot resume: .* is a run with sampling and image settings .*"seed":3.*, not .*"seed":4/m,
    );
  });

  it('resumes a run cancelled through its AbortSignal after two questions to the same report', async () => {
    const data = writeTinyMedXpertQA(join(dir, 'mx3'), mxQuestions);
    const model = describeModel(mxModel);
    const base = {
      benchmark: 'medxpertqa-mm' as const,
      dataPath: data.dataFile,
      imagesDir: data.imagesDir,
      model,
      createPredictor: () => createRuntimePredictor(mxModel),
    };
    const whole = await runEval({ ...base, runDir: join(dir, 'abort-whole') });
    const controller = new AbortController();
    const runDir = join(dir, 'abort-parts');
    await expect(
      runEval({
        ...base,
        runDir,
        signal: controller.signal,
        onProgress: (p) => p.asked === 2 && controller.abort(new Error('user stop')),
      }),
    ).rejects.toThrow('user stop');
    expect(readResults(join(runDir, 'results.jsonl')).rows.map((r) => r.id)).toEqual([
      'MM-0',
      'MM-1',
    ]);
    const resumed = await runEval({ ...base, runDir, resume: true });
    expect(stable(resumed)).toEqual(stable(whole));
    expect(whole.overall).toMatchObject({ correct: 4, n: 6 });
  });

  it('scores an OmniMedVQA folder by option text, with --limit and --shuffle, listing unparseable answers', async () => {
    const q = (
      id: string,
      dataset: string,
      grey: number,
      options: string[],
      gt: string,
      modality: string,
    ) => ({
      question_id: id,
      dataset,
      question_type: 'Modality Recognition',
      modality_type: modality,
      grey,
      options,
      gt_answer: gt,
    });
    const { qaDir, root } = writeTinyOmniMedVQA(join(dir, 'omni'), [
      q('ct_0', 'CT Chest', DARK, ['MR', 'CT'], 'CT', 'CT'),
      q('ct_1', 'CT Chest', DARK, ['CT', 'X-ray', 'MR', 'PET'], 'CT', 'CT'),
      q('ct_2', 'CT Chest', DARK, ['PET', 'MR', 'CT'], 'MR', 'CT'),
      q('mr_0', 'MRI Brain', BRIGHT, ['CT', 'MR'], 'MR', 'MR'),
      q('mr_1', 'MRI Brain', BRIGHT, ['MR', 'CT'], 'MR', 'MR'),
    ]);
    const args = [
      'eval',
      '--benchmark',
      'omnimedvqa',
      '--data',
      qaDir,
      '--images',
      root,
      '--model',
      omniModel,
      '--json',
    ];
    const all = JSON.parse(
      (await mmx([...args, '--out', join(dir, 'omni-all')])).stdout,
    ) as EvalReport;
    expect(all.overall).toMatchObject({ correct: 2, n: 5 });
    expect(all.invalid).toEqual({ count: 2, ratePercent: 40, ids: ['mr_0', 'mr_1'] });
    expect(all.categories.modality_type).toMatchObject({
      CT: { correct: 2, n: 3 },
      MR: { correct: 0, n: 2 },
    });
    expect(all.published.find((p) => p.model === 'Lingshu-7B')?.accuracy).toBe(82.9);

    const shuffled = await mmx([
      ...args,
      '--limit',
      '3',
      '--shuffle',
      '11',
      '--out',
      join(dir, 'omni-shuffled'),
    ]);
    expect((JSON.parse(shuffled.stdout) as EvalReport).counts.selected).toBe(3);
    const fileOrder = ['ct_0', 'ct_1', 'ct_2', 'mr_0', 'mr_1'];
    expect(
      readResults(join(dir, 'omni-shuffled', 'results.jsonl')).rows.map((row) => row.id),
    ).toEqual(selectItems(fileOrder, { shuffle: 11, limit: 3 }));
  });

  it('answers bad flags with one error line and a non-zero exit before loading anything', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['eval', '--benchmark', 'vqa-rad'], /--benchmark must be one of medxpertqa-mm, omnimedvqa/],
      [
        ['eval', '--benchmark', 'omnimedvqa', '--data', join(dir, 'nope')],
        /--data .*nope does not exist/,
      ],
      [
        [
          'eval',
          '--benchmark',
          'omnimedvqa',
          '--data',
          dir,
          '--images',
          dir,
          '--model',
          dir,
          '--out',
          join(dir, 'x'),
        ],
        /has no config.json/,
      ],
      [
        [
          'eval',
          '--benchmark',
          'omnimedvqa',
          '--data',
          dir,
          '--images',
          dir,
          '--model',
          mxModel,
          '--out',
          join(dir, 'x'),
          '--limit',
          '0',
        ],
        /--limit must be an integer/,
      ],
      [
        ['eval', '--benchmark', 'omnimedvqa', '--perspective', 'gut'],
        /--perspective must be one of differential, intuitive, analytical, bayesian/,
      ],
      [
        [
          ...mxEvalArgs(writeTinyMedXpertQA(join(dir, 'mx-flags'), mxQuestions)),
          '--out',
          join(dir, 'y'),
          '--temperature',
          '2.5',
        ],
        /^error: --temperature must be a number between 0 and 2, got '2.5'$/m,
      ],
      [
        [
          ...mxEvalArgs(writeTinyMedXpertQA(join(dir, 'mx-flags2'), mxQuestions)),
          '--out',
          join(dir, 'y'),
          '--image-detail',
          'max',
        ],
        /^error: --image-detail must be one of low, auto, high, got 'max'$/m,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await mmx(argv);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
