import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BenchItem, BenchProblem, LoadedBenchmark } from './benchItem';
import { loadOmniMedVQA } from './omniMedVQA';
import { omniMedVQAPrompt } from './prompts';
import { BRIGHT, DARK, writeTinyOmniMedVQA, type OmniQuestion } from './testing/tinyBenchmarks';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmx-omni-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const items = (l: LoadedBenchmark) =>
  l.entries.flatMap((e) => ('item' in e ? [e.item] : [])) as BenchItem[];
const problems = (l: LoadedBenchmark) =>
  l.entries.flatMap((e) => ('problem' in e ? [e.problem] : [])) as BenchProblem[];
const oq = (
  question_id: string,
  dataset: string,
  grey: number,
  options: string[],
  gt_answer: string,
): OmniQuestion => ({
  question_id,
  dataset,
  question_type: 'Modality Recognition',
  modality_type: dataset.startsWith('CT')
    ? 'CT(Computed Tomography)'
    : 'MR (Mag-netic Resonance Imaging)',
  grey,
  options,
  gt_answer,
});

describe('loadOmniMedVQA', () => {
  it('reads a folder of per-dataset files, in name order, with option texts as labels', () => {
    const { qaDir, root } = writeTinyOmniMedVQA(dir, [
      oq('b_0', 'MRI Brain', BRIGHT, ['CT', 'MR'], 'MR'),
      oq('a_0', 'CT Chest', DARK, ['X-ray', 'CT', 'MR', 'PET'], 'CT'),
    ]);
    const loaded = items(loadOmniMedVQA(qaDir, root));
    expect(loaded.map((i) => [i.id, i.label])).toEqual([
      ['a_0', 'B'],
      ['b_0', 'B'],
    ]);
    expect(loaded[0]?.images).toEqual([join(root, 'Images', 'CT Chest', 'a_0.png')]);
    expect(loaded[0]?.categories).toEqual({
      modality_type: 'CT(Computed Tomography)',
      question_type: 'Modality Recognition',
      dataset: 'CT Chest',
    });
  });

  it('reads one JSON file as --data', () => {
    const { qaDir, root } = writeTinyOmniMedVQA(dir, [
      oq('a_0', 'CT Chest', DARK, ['CT', 'MR'], 'CT'),
      oq('b_0', 'MRI Brain', BRIGHT, ['CT', 'MR'], 'MR'),
    ]);
    expect(items(loadOmniMedVQA(join(qaDir, 'MRI Brain.json'), root)).map((i) => i.id)).toEqual([
      'b_0',
    ]);
  });

  it('keeps the letters of the options present when one is absent', () => {
    const file = join(dir, 'x.json');
    writeTinyOmniMedVQA(dir, [oq('a_0', 'CT Chest', DARK, ['CT'], 'CT')]);
    const entry = {
      question_id: 'x_0',
      question: 'Which?',
      gt_answer: 'MR',
      image_path: 'Images/CT Chest/a_0.png',
      option_A: 'CT',
      option_C: 'MR',
      question_type: 'Modality Recognition',
      modality_type: 'CT',
    };
    writeFileSync(file, JSON.stringify([entry]));
    const [item] = items(loadOmniMedVQA(file, dir));
    expect(item?.options.map((o) => o.letter)).toEqual(['A', 'C']);
    expect(item?.label).toBe('C');
    expect(omniMedVQAPrompt(item as BenchItem).prompt).toContain('Options: \nA. CT\nC. MR\n');
  });

  it('reports a gt_answer that is no option, a missing image and a non-list file per question', () => {
    const { qaDir, root } = writeTinyOmniMedVQA(dir, [
      oq('a_0', 'CT Chest', DARK, ['CT', 'MR'], 'PET'),
      oq('a_1', 'CT Chest', DARK, ['CT', 'MR'], 'CT'),
      oq('a_2', 'CT Chest', DARK, ['CT', 'MR'], 'CT'),
    ]);
    unlinkSync(join(root, 'Images', 'CT Chest', 'a_1.png'));
    writeFileSync(join(qaDir, 'Broken.json'), '{"not": "a list"}');
    const loaded = loadOmniMedVQA(qaDir, root);
    expect(items(loaded).map((i) => i.id)).toEqual(['a_2']);
    expect(problems(loaded).map((p) => [p.id, p.error.replace(/\(looked.*$/, '').trim()])).toEqual([
      ['Broken.json', 'Broken.json: expected a JSON list of questions'],
      ['a_0', "CT Chest.json#0: unknown label: gt_answer 'PET' is none of the options"],
      ['a_1', "CT Chest.json#1: missing image 'Images/CT Chest/a_1.png'"],
    ]);
  });
});

describe('omniMedVQAPrompt', () => {
  const item: BenchItem = {
    id: 'x',
    question: 'What modality is this?',
    options: [
      { letter: 'A', text: 'CT' },
      { letter: 'B', text: 'MR' },
    ],
    label: 'A',
    images: [],
    categories: {},
  };

  it("is MedEvalKit's multiple-choice prompt", () => {
    expect(omniMedVQAPrompt(item)).toEqual({
      prompt:
        "\nQuestion: What modality is this?\nOptions: \nA. CT\nB. MR\nAnswer with the option's letter from the given choices directly.",
    });
  });

  it('asks for a boxed letter after reasoning from a perspective', () => {
    const { prompt } = omniMedVQAPrompt(item, 'differential');
    expect(prompt).toMatch(/differential diagnosis/);
    expect(prompt.endsWith('put the letter in one "\\boxed{}".')).toBe(true);
  });
});
