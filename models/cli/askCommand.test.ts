import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestImage } from '../dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../dicom/testing/writeDicom';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import type { Script } from '../tinymodels/script';
import { hashModelFiles } from '../runtime/manager/modelManifest';
import { CITATION_JUDGE } from '../reasoning/citationJudgeWeights';
import { answerText } from './askCommand';
import { runCli } from './testing/runCli';

// The shipped, fitted judge (citationJudge.test.ts checks its weights).
const judge = CITATION_JUDGE ?? expect.unreachable('no fitted citation judge is shipped');

const script: Script = {
  rules: [
    {
      image: 'dark',
      text: '<think>\n1. A single solid 7 mm nodule in a low-risk patient: CT at 6 to 12 months [fleischner-2017#solid-nodules] [fleischner-2017#solid-6-8mm]\n2. A 12 mm solid pulmonary nodule should be assessed with CT at 3 months, PET/CT or biopsy.\n</think>\n<answer>A</answer>',
    },
    { image: 'bright', text: '<think>\n1. Bright image\n</think>\n<answer>(B) bright</answer>' },
    { image: 'any', text: 'No image.' },
  ],
  // Known logits at the answer token "A": 30 (scripted) for A, these for B and C, 0 elsewhere.
  logitBias: { B: 29, C: 28.5 },
};
const softmax = (values: number[]) => {
  const exps = values.map((v) => Math.exp(v - Math.max(...values)));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
};

let root: string;
let model: string;
let darkPng: string;
let brightPng: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-ask-'));
  model = join(root, 'model');
  await buildFixtureModel(model, { kind: 'scripted', script });
  const png = async (name: string, grey: number) => {
    const image = new PNG({ width: 48, height: 48 });
    image.data.fill(grey);
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
    const file = join(root, name);
    await writeFile(file, PNG.sync.write(image));
    return file;
  };
  darkPng = await png('dark.png', 20);
  brightPng = await png('bright.png', 230);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mmx ask', () => {
  it('streams the generated text to stdout', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      darkPng,
      '--question',
      'What is seen?',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${script.rules[0]!.text}\n`);
  });

  it('prints one JSON document with the answer, usage, timings and model identity', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      brightPng,
      '--image',
      brightPng,
      '--question',
      'Q',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & {
      usage: { completionTokens: number };
      timings: Record<string, number>;
      model: { name: string; sha256: string };
    };
    expect(doc.answer).toBe('(B) bright');
    expect(doc.text).toBe(script.rules[1]!.text);
    expect(doc.usage.completionTokens).toBeGreaterThan(5);
    expect(Object.keys(doc.timings).sort()).toEqual([
      'loadMs',
      'timeToFirstTokenMs',
      'tokensPerSecond',
      'totalMs',
    ]);
    expect(doc.model.name).toBe('Demo — not a medical model');
    expect(doc.model.sha256).toBe((await hashModelFiles(model)).sha256);
  });

  it('prints the options, the chosen option text and every citation whole (judge confidence included) with --option and --json', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      darkPng,
      '--question',
      'Which lung?',
      '--option',
      'A=Dark lung',
      '--option',
      'b = Bright lung',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      answer: string;
      answerLetter: string | null;
      answerText: string | null;
      options: Record<string, string>;
      steps: {
        noGuidelineSupport: boolean;
        unknownCitations: string[];
        citations: Record<string, unknown>[];
      }[];
      perspectives: { steps: { citations: Record<string, unknown>[] }[] }[];
    };
    // Existing fields keep their shape: `answer` is the answer text as written.
    expect(doc.answer).toBe('A');
    expect(doc.answerLetter).toBe('A');
    expect(doc.options).toEqual({ A: 'Dark lung', B: 'Bright lung' });
    expect(doc.answerText).toBe('Dark lung');
    const step = doc.steps[0]!;
    // The invented id is reported, not exported as a normal citation.
    expect(step.unknownCitations).toEqual(['fleischner-2017#solid-nodules']);
    expect(typeof step.noGuidelineSupport).toBe('boolean');
    const cited = step.citations.find((c) => c.passage === 'solid-6-8mm');
    expect(cited?.score).toBeGreaterThanOrEqual(0.15);
    expect(cited).toMatchObject({
      guideline: 'fleischner-2017',
      source: 'model',
      title: 'Guidelines for management of incidental pulmonary nodules detected on CT images',
      version: '2017',
      url: 'https://pubs.rsna.org/doi/10.1148/radiol.2017161659',
      heading: 'Single solid nodule 6 to 8 mm',
    });
    expect(step.citations.some((c) => c.passage === 'solid-nodules')).toBe(false);
    // A model citation carries no judge confidence; one the judge chose carries its probability.
    expect(cited).not.toHaveProperty('confidence');
    const judged = doc.steps[1]?.citations.find((c) => c.source === 'linker');
    expect(judged?.guideline).toBe('fleischner-2017');
    expect(judged?.confidence).toBeGreaterThanOrEqual(judge.threshold);
    expect(judged?.confidence).toBeLessThanOrEqual(1);
    expect(doc.perspectives[0]?.steps[0]?.citations).toEqual(step.citations);
    expect(doc.perspectives[0]?.steps[1]?.citations).toEqual(doc.steps[1]?.citations);
  });

  it('adds answerProbabilities from the logits at the answer letter, per perspective too', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      darkPng,
      '--question',
      'Which lung?',
      '--option',
      'A=Dark lung',
      '--option',
      'B=Bright lung',
      '--option',
      'C=Neither',
      '--perspective',
      'all',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      answer: string;
      answerProbabilities: Record<string, number> | null;
      perspectives: { answerProbabilities: Record<string, number> | null }[];
    };
    expect(doc.answer).toBe('A');
    const [a, b, c] = softmax([30, 29, 28.5]);
    expect(Object.keys(doc.answerProbabilities!)).toEqual(['A', 'B', 'C']);
    expect(doc.answerProbabilities!.A).toBeCloseTo(a!, 6);
    expect(doc.answerProbabilities!.B).toBeCloseTo(b!, 6);
    expect(doc.answerProbabilities!.C).toBeCloseTo(c!, 6);
    expect(doc.perspectives).toHaveLength(4);
    for (const p of doc.perspectives) expect(p.answerProbabilities!.A).toBeCloseTo(a!, 6);
  });

  it('gives answerText null and options {} without --option', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      brightPng,
      '--question',
      'Q',
      '--json',
    ]);
    const doc = JSON.parse(r.stdout) as {
      options: object;
      answerText: unknown;
      answerLetter: unknown;
      answerProbabilities: unknown;
    };
    expect(doc.options).toEqual({});
    expect(doc.answerText).toBeNull();
    // Not a multiple-choice question: no confidence, and the key is there as null.
    expect(doc.answerProbabilities).toBeNull();
    expect(doc.answerLetter).toBe('B');
  });

  it('gives one error line for a malformed --option', async () => {
    const r = await runCli(['ask', '--model', model, '--question', 'Q', '--option', 'F=too far']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --option must be LETTER=TEXT with a letter A-E; got 'F=too far'\n",
    );
    const twice = await runCli([
      'ask',
      '--model',
      model,
      '--question',
      'Q',
      '--option',
      'A=x',
      '--option',
      'a=y',
    ]);
    expect(twice.stderr).toBe('error: --option A is given twice\n');
  });

  it('reads a DICOM image through the DICOM pipeline', async () => {
    const image = makeTestImage({ rows: 32, columns: 32, bitsAllocated: 16, bitsStored: 12 });
    const file = join(root, 'ct.dcm');
    await writeFile(
      file,
      writeDicom({
        transferSyntaxUID: syntaxes.explicitLE,
        elements: image.elements,
        pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
      }),
    );
    const r = await runCli(['ask', '--model', model, '--image', file, '--question', 'Q', '--json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { text: string };
    expect([script.rules[0]!.text, script.rules[1]!.text]).toContain(doc.text);
  });

  it('answers text-only questions without --image', async () => {
    const r = await runCli(['ask', '--model', model, '--question', 'Q']);
    expect(r.stdout).toBe('No image.\n');
  });

  it('gives one error line for a missing image', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      join(root, 'nope.png'),
      '--question',
      'Q',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: --image ${join(root, 'nope.png')}: no such file\n`);
  });

  it('refuses a 7th image with the same sentence as the app', async () => {
    const r = await runCli([
      'ask',
      '--model',
      model,
      ...Array.from({ length: 7 }, () => ['--image', darkPng]).flat(),
      '--question',
      'Q',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: A question can carry at most 6 images; 7 were given.\n');
  });

  it('gives one error line for a bad model folder', async () => {
    const bad = join(root, 'bad');
    await buildFixtureModel(bad, { kind: 'random', seed: 1 });
    await rm(join(bad, 'onnx', 'embed_tokens.onnx'));
    const r = await runCli(['ask', '--model', bad, '--question', 'Q']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^error: The model could not be loaded: chooseDtype: no complete set of onnx/,
    );
  });
});

describe('mmx model verify', () => {
  it('lists every problem as JSON and exits non-zero', async () => {
    const bad = join(root, 'bad-verify');
    await buildFixtureModel(bad, { kind: 'random', seed: 1 });
    await rm(join(bad, 'tokenizer.json'));
    await rm(join(bad, 'preprocessor_config.json'));
    const r = await runCli(['model', 'verify', bad, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; problems: { file: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.problems.map((p) => p.file).sort()).toEqual([
      'preprocessor_config.json',
      'tokenizer.json',
    ]);
  });

  it('says ok for a good folder', async () => {
    const r = await runCli(['model', 'verify', model]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: .* follows the model contract \(qwen2_5_vl, dtypes: fp32\)\n$/);
  });
});

describe('answerText', () => {
  it('takes the parsed answer, else the reply outside <think>, else nothing', () => {
    expect(answerText('<think>a</think><answer> B </answer>')).toBe('B');
    expect(answerText('<think>a</think>\nC')).toBe('C');
    expect(answerText('<think>the answer is A</think>\nHard to say.')).toBe('Hard to say.');
    expect(answerText('plain')).toBe('plain');
    expect(answerText('<think>cut off')).toBe('');
  });
});
