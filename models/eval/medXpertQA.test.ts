import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BenchItem, BenchProblem } from './benchItem';
import { loadMedXpertQA } from './medXpertQA';
import { medXpertQAPrompt } from './prompts';
import { BRIGHT, DARK, writePng, writeTinyMedXpertQA } from './testing/tinyBenchmarks';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmx-mxqa-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const q = (id: string, label: string, images: number[]) => ({
  id,
  label,
  images,
  medical_task: 'Diagnosis',
  body_system: 'Skeletal',
  question_type: 'Reasoning',
});
const items = (entries: ReturnType<typeof loadMedXpertQA>['entries']) =>
  entries.flatMap((e) => ('item' in e ? [e.item] : [])) as BenchItem[];
const problems = (entries: ReturnType<typeof loadMedXpertQA>['entries']) =>
  entries.flatMap((e) => ('problem' in e ? [e.problem] : [])) as BenchProblem[];

describe('loadMedXpertQA', () => {
  it('reads the Hugging Face layout with several images per question', () => {
    const { dataFile, imagesDir } = writeTinyMedXpertQA(dir, [
      q('MM-0', 'A', [DARK, DARK, BRIGHT]),
      q('MM-1', 'C', [BRIGHT]),
    ]);
    const loaded = items(loadMedXpertQA(dataFile, imagesDir).entries);
    expect(loaded.map((i) => i.id)).toEqual(['MM-0', 'MM-1']);
    expect(loaded[0]?.images).toEqual(['a', 'b', 'c'].map((s) => join(imagesDir, `MM-0-${s}.png`)));
    expect(loaded[0]?.options.map((o) => o.letter)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(loaded[1]?.label).toBe('C');
    expect(loaded[0]?.categories).toEqual({
      medical_task: 'Diagnosis',
      body_system: 'Skeletal',
      question_type: 'Reasoning',
    });
  });

  it('reads the official eval-input layout (option list, label list, image objects)', () => {
    writePng(join(dir, 'MM-7-a.jpeg'), DARK);
    const line = {
      id: 'MM-7',
      question: 'Which?\nAnswer Choices: (A) one (B) two',
      options: [
        { letter: 'A', content: 'one' },
        { letter: 'B', content: 'two' },
      ],
      label: ['B'],
      images: [{ image_path: 'MM-7-a.jpeg' }],
      medical_task: 'Treatment',
      body_system: 'Skeletal',
      question_type: 'Understanding',
    };
    const file = join(dir, 'input.jsonl');
    writeFileSync(file, `${JSON.stringify(line)}\n`);
    const [item] = items(loadMedXpertQA(file, dir).entries);
    expect(item).toMatchObject({ id: 'MM-7', label: 'B', images: [join(dir, 'MM-7-a.jpeg')] });
    expect(item?.options).toEqual([
      { letter: 'A', text: 'one' },
      { letter: 'B', text: 'two' },
    ]);
  });

  it('turns a malformed line, an unknown label and a missing image into per-question problems', () => {
    const { dataFile, imagesDir } = writeTinyMedXpertQA(
      dir,
      [
        q('MM-0', 'A', [DARK]),
        q('MM-1', 'Z', [DARK]),
        q('MM-2', 'B', [BRIGHT]),
        q('MM-3', 'B', [BRIGHT]),
      ],
      [
        '{"id": "MM-9", "question": ',
        '{"id":"MM-8","question":"q?","options":{"A":"x","B":"y"},"images":[]}',
      ],
    );
    unlinkSync(join(imagesDir, 'MM-2-a.png'));
    const loaded = loadMedXpertQA(dataFile, imagesDir).entries;
    expect(items(loaded).map((i) => i.id)).toEqual(['MM-0', 'MM-3']);
    const found = problems(loaded);
    expect(found.map((p) => p.id)).toEqual(['MM-1', 'MM-2', 'test.jsonl:5', 'MM-8']);
    expect(found[0]?.error).toMatch(/unknown label 'Z'/);
    expect(found[1]?.error).toMatch(/missing image 'MM-2-a.png'/);
    expect(found[2]?.error).toMatch(/not valid JSON/);
    expect(found[3]?.error).toMatch(/label/);
    expect(found[0]?.categories.medical_task).toBe('Diagnosis');
  });

  it('keeps two questions that share an id apart', () => {
    const { dataFile, imagesDir } = writeTinyMedXpertQA(dir, [
      q('MM-0', 'A', [DARK]),
      q('MM-0', 'B', [DARK]),
    ]);
    expect(items(loadMedXpertQA(dataFile, imagesDir).entries).map((i) => i.id)).toEqual([
      'MM-0',
      'MM-0~2',
    ]);
  });

  it('names itself when the file cannot be read', () => {
    expect(() => loadMedXpertQA(join(dir, 'nope.jsonl'), dir)).toThrow(
      /^loadMedXpertQA: cannot read/,
    );
  });
});

describe('medXpertQAPrompt', () => {
  const item: BenchItem = {
    id: 'MM-0',
    question: 'Which step?\nAnswer Choices: (A) a (B) b (C) c (D) d (E) e',
    options: ['a', 'b', 'c', 'd', 'e'].map((text, i) => ({
      letter: String.fromCharCode(65 + i),
      text,
    })),
    label: 'A',
    images: [],
    categories: {},
  };

  it('is the official zero-shot answer-only prompt', () => {
    expect(medXpertQAPrompt(item)).toEqual({
      system: 'Please answer only.',
      prompt:
        'Q: Which step?\nAnswer Choices: (A) a (B) b (C) c (D) d (E) e\nA: Among A through E, the answer is',
    });
  });

  it('adds the choices when a question lacks them', () => {
    const prompt = medXpertQAPrompt({ ...item, question: 'Which step?' }).prompt;
    expect(prompt).toContain(
      'Which step?\nAnswer Choices: (A) a (B) b (C) c (D) d (E) e\nA: Among A through E',
    );
  });

  it('asks for step-by-step reasoning from a perspective, ending in the official trigger', () => {
    const { system, prompt } = medXpertQAPrompt(item, 'bayesian');
    expect(system).toBe('You are a helpful medical assistant.');
    expect(prompt).toMatch(/Bayesian/);
    expect(prompt).toContain('Therefore, among A through E, the answer is (X).');
    expect(prompt.endsWith("A: Let's think step by step.")).toBe(true);
  });
});
