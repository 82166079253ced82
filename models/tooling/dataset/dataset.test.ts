import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertMedXpertQa, convertOmniMedVqa } from './convertBenchmarks';
import { datasetStats } from './datasetStats';
import { exportSft, sftRecord } from './exportSft';
import { inferSpecialty } from './inferSpecialty';
import { sampleJsonSchema, type Sample } from './sampleSchema';
import { validateDataset } from './validateDataset';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmx-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sample = (over: Partial<Sample> = {}): Sample => ({
  id: 's1',
  specialty: 'brain-senses',
  images: [{ path: 'ct/001.png', modality: 'CT' }],
  question: 'What does the non-contrast head CT show?',
  options: { A: 'Ischaemic stroke', B: 'Subdural haematoma' },
  answer: 'B',
  reasoning: [
    {
      perspective: 'analytical',
      text: 'Crescent-shaped hyperdense collection crossing suture lines.',
      guideline_refs: ['head-ct#subdural'],
    },
    {
      perspective: 'analytical',
      text: 'No loss of grey-white differentiation [head-ct#stroke-signs].',
      guideline_refs: ['head-ct#stroke-signs'],
    },
  ],
  source: 'hand-written',
  licence: 'CC-BY-4.0',
  ...over,
});

describe('MMedExpert dataset', () => {
  it('validates samples and lists every problem with its line', () => {
    const lines = [
      JSON.stringify(sample()),
      '',
      JSON.stringify(sample({ id: 's2', answer: 'C' })),
      JSON.stringify({ ...sample({ id: 's3' }), specialty: 'cardiology' }),
      JSON.stringify(sample()),
      '[1]',
      JSON.stringify(
        sample({
          id: 's4',
          reasoning: [{ perspective: 'bayesian', text: 'x', guideline_refs: ['no-hash'] }],
        }),
      ),
    ];
    const { samples, problems } = validateDataset(lines.join('\n'));
    expect(samples.map((s) => s.id)).toEqual(['s1', 's1']);
    expect(problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [3, 'answer'],
      [4, 'specialty'],
      [5, "duplicate id 's1' (first on line 1)"],
      [6, 'not a JSON object'],
      [7, 'reasoning.0.guideline_refs.0'],
    ]);
  });

  it('exports the schema as JSON Schema with every field', () => {
    const schema = sampleJsonSchema() as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties).sort()).toEqual([
      'answer',
      'id',
      'images',
      'licence',
      'options',
      'question',
      'reasoning',
      'source',
      'specialty',
    ]);
    expect(schema.required).not.toContain('options');
  });

  it('counts samples per specialty, steps per perspective and images per modality', () => {
    const stats = datasetStats([
      sample(),
      sample({
        id: 's2',
        specialty: 'pediatrics',
        images: [{ path: 'a.png' }, { path: 'b.png', modality: 'CT' }],
        reasoning: [],
      }),
    ]);
    expect(stats).toMatchObject({
      samples: 2,
      withReasoning: 1,
      images: 3,
      specialties: { 'brain-senses': 1, pediatrics: 1 },
      perspectives: { analytical: 2 },
      modalities: { CT: 2, unknown: 1 },
      guidelineRefs: 2,
    });
  });

  it('infers a specialty from the question when none is given', () => {
    expect(inferSpecialty('A 6-year-old boy presents with fever and cough.')).toBe('pediatrics');
    expect(inferSpecialty('A 3-week-old infant with bilious vomiting.')).toBe('pediatrics');
    expect(
      inferSpecialty('A 64-year-old man with a spiculated mass; biopsy shows adenocarcinoma.'),
    ).toBe('oncology-surgery');
    expect(inferSpecialty('A 40-year-old woman with sudden vision loss in the left eye.')).toBe(
      'brain-senses',
    );
    expect(inferSpecialty('Which finding is shown?', { modality: 'Fundus Photography' })).toBe(
      'brain-senses',
    );
    expect(
      inferSpecialty('A 55-year-old woman with dyspnoea and leg oedema.', {
        bodySystem: 'Cardiovascular',
      }),
    ).toBe('adult-medicine');
  });

  it('converts MedXpertQA-MM lines of both released layouts', () => {
    const hf = {
      id: 'MM-7',
      question:
        'A 45-year-old man has headache. What is the diagnosis? Answer Choices: (A) Glioma (B) Abscess (C) Stroke (D) Migraine (E) Meningioma',
      options: { A: 'Glioma', B: 'Abscess', C: 'Stroke', D: 'Migraine', E: 'Meningioma' },
      label: 'E',
      images: ['MM-7-a.jpeg', 'MM-7-b.jpeg'],
      medical_task: 'Diagnosis',
      body_system: 'Nervous',
      question_type: 'Reasoning',
    };
    const evalLayout = {
      ...hf,
      id: 'MM-8',
      options: [
        { letter: 'A', content: 'x' },
        { letter: 'B', content: 'y' },
      ],
      label: ['B'],
      images: [{ image_path: 'MM-8.png' }],
    };
    const bad = { ...hf, id: 'MM-9', label: 'Z' };
    const { samples, problems } = convertMedXpertQa(
      [hf, evalLayout, bad].map((x) => JSON.stringify(x)).join('\n'),
    );
    expect(problems).toEqual([
      { line: 3, message: "label 'Z' is not one of the options A, B, C, D, E" },
    ]);
    expect(samples[0]).toMatchObject({
      id: 'medxpertqa-mm:MM-7',
      question: 'A 45-year-old man has headache. What is the diagnosis?',
      answer: 'E',
      specialty: 'brain-senses',
      images: [{ path: 'MM-7-a.jpeg' }, { path: 'MM-7-b.jpeg' }],
      reasoning: [],
      source: 'medxpertqa-mm',
    });
    expect(samples[1]).toMatchObject({
      options: { A: 'x', B: 'y' },
      answer: 'B',
      images: [{ path: 'MM-8.png' }],
    });
    const check = validateDataset(samples.map((s) => JSON.stringify(s)).join('\n'));
    expect(check.problems).toEqual([]);
  });

  it('converts OmniMedVQA items, mapping the answer text to its letter', () => {
    const items = [
      {
        question_id: 'q1',
        dataset: 'RUS_CHN',
        question_type: 'Modality Recognition',
        question: 'What imaging modality is used?',
        gt_answer: 'Ultrasound',
        image_path: 'Images/RUS_CHN/1.jpg',
        option_A: 'CT',
        option_B: 'Ultrasound',
        modality_type: 'Ultrasound',
      },
      {
        question_id: 'q2',
        question: 'Which eye disease is shown?',
        gt_answer: 'Glaucoma',
        image_path: 'f.jpg',
        option_A: 'Cataract',
        option_B: 'Normal',
        modality_type: 'Fundus Photography',
      },
      { question_id: 'q3', question: 'Open question', image_path: 'x.jpg' },
    ];
    const { samples, problems } = convertOmniMedVqa(JSON.stringify(items), {
      licence: 'CC-BY-NC-4.0',
    });
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      id: 'omnimedvqa:q1',
      answer: 'B',
      options: { A: 'CT', B: 'Ultrasound' },
      images: [{ path: 'Images/RUS_CHN/1.jpg', modality: 'Ultrasound' }],
      source: 'omnimedvqa/RUS_CHN',
      licence: 'CC-BY-NC-4.0',
    });
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[0]!.message).toMatch(/gt_answer 'Glaucoma' is none of the options/);
    expect(convertOmniMedVqa('{"a":1}').problems[0]!.message).toMatch(/JSON list/);
  });

  it('writes one chat-format file per specialty with image placeholders', async () => {
    const out = join(dir, 'sft');
    const result = await exportSft(
      [
        sample(),
        sample({ id: 's2', specialty: 'pediatrics', reasoning: [] }),
        sample({ id: 's3', specialty: 'oncology-surgery' }),
      ],
      out,
    );
    expect(result.files).toEqual({ 'brain-senses.jsonl': 1, 'oncology-surgery.jsonl': 1 });
    expect(result.skippedWithoutReasoning).toBe(1);
    expect((await readdir(out)).sort()).toEqual([
      'brain-senses.jsonl',
      'dataset_info.json',
      'oncology-surgery.jsonl',
    ]);
    const record = JSON.parse((await readFile(join(out, 'brain-senses.jsonl'), 'utf8')).trim()) as {
      messages: { role: string; content: string }[];
      images: string[];
    };
    expect(record.images).toEqual(['ct/001.png']);
    expect(record.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(record.messages[1]!.content.match(/<image>/g)).toHaveLength(1);
    expect(record.messages[1]!.content).toContain('(B) Subdural haematoma');
    expect(record.messages[2]!.content).toBe(
      '<think>\n1. Crescent-shaped hyperdense collection crossing suture lines. [head-ct#subdural]\n2. No loss of grey-white differentiation [head-ct#stroke-signs].\n</think>\n<answer>B</answer>',
    );
    const info = JSON.parse(await readFile(join(out, 'dataset_info.json'), 'utf8')) as Record<
      string,
      { file_name: string }
    >;
    expect(info['mmedexpert-brain-senses']!.file_name).toBe('brain-senses.jsonl');
    await expect(exportSft([sample()], out)).rejects.toThrow(/not empty/);
  });

  it('writes TRL-style content parts, one image part per image', () => {
    const record = sftRecord(sample({ images: [{ path: 'a.png' }, { path: 'b.png' }] }), 'trl') as {
      messages: { content: { type: string }[] }[];
    };
    expect(record.messages[1]!.content.map((c) => c.type)).toEqual(['image', 'image', 'text']);
  });
});
