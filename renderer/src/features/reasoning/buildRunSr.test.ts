import { describe, expect, it } from 'vitest';
import { askResultSchema } from '../../../../electron/common/schemas/ask';
import { parseDicom, readSrTree, type SrNode } from '../../../../models/dicom/index';
import { buildRunSr } from './buildRunSr';
import type { RunState } from './reasoningSlice';

const step = (index: number, fields: Record<string, unknown>) => ({
  perspective: 'analytical',
  index,
  text: `Step ${index}.`,
  ...fields,
});

// The result as the back end sends it (the schema fills its defaults).
const result = askResultSchema.parse({
  steps: [
    step(1, {
      citations: [
        {
          guideline: 'fleischner-2017',
          passage: 'solid-6-8mm',
          excerpt: 'A single solid nodule of 6 to 8 mm…',
          score: 0.8,
          source: 'linker',
          confidence: 0.912,
        },
        {
          guideline: 'fleischner-2017',
          passage: 'risk-assessment',
          excerpt: 'Management differs between low-risk and high-risk patients.',
          score: 1,
          source: 'model',
        },
      ],
      unsupportedCitations: ['fleischner-2017#multiple'],
    }),
    step(2, {
      citations: [],
      noGuidelineSupport: true,
      unknownCitations: ['fleischner-2017#made-up-rule'],
    }),
  ],
  answer: { letter: null, text: 'CT at 6-12 months', source: 'tag' },
  specialty: 'adult-medicine',
  consensus: null,
  texts: [],
  usage: { promptTokens: 1, completionTokens: 1 },
  timings: { loadMs: 0, timeToFirstTokenMs: 0, tokensPerSecond: 0, totalMs: 0 },
  cancelled: false,
  model: { id: 'demo', name: 'demo', sha256: '0'.repeat(64), demo: true },
  packVersions: [],
});

const run: RunState = {
  id: 1,
  question: 'Is the nodule significant?',
  status: 'done',
  images: [],
  perspectives: [],
  result,
};

describe('buildRunSr', () => {
  it("carries each citation's chooser, support and judge and each step's unknown, unsupported and unsupported-by-any marks into the SR", () => {
    const bytes = buildRunSr(run, [
      { id: 'fleischner-2017', title: 'Fleischner Society 2017', version: '2017' },
    ])!;
    const doc = readSrTree(parseDicom(bytes))!;
    const steps = doc.root.children.filter((n) => n.concept === 'Reasoning step');
    const items = (n: SrNode) => n.children.map((c) => `${c.concept}: ${c.value ?? ''}`);
    const [linked, cited] = steps[0]!.children.filter((n) => n.concept === 'Guideline citation');
    expect(items(linked!)).toEqual([
      'Guideline identifier: fleischner-2017',
      // Filled from the loaded guidelines, as the other exports do.
      'Guideline title: Fleischner Society 2017',
      'Guideline version: 2017',
      'Guideline passage identifier: solid-6-8mm',
      'Citation chosen by: the linker',
      "Support (share of the step's terms the passage covers): 80 %",
      'Judge (probability the guideline supports the step): 91.2 %',
    ]);
    expect(items(cited!).slice(4)).toEqual([
      'Citation chosen by: the model (checked against the pack)',
      "Support (share of the step's terms the passage covers): 100 %",
    ]);
    expect(items(steps[0]!)).toContain(
      'Unsupported citation: [fleischner-2017#multiple] (the passage does not cover this step)',
    );
    expect(items(steps[1]!)).toEqual([
      'Step text: Step 2.',
      'Unknown citation: [fleischner-2017#made-up-rule] (not in any loaded guideline)',
      'Guideline support: No guideline support',
    ]);
  });

  it('writes nothing before the run has a result', () => {
    expect(buildRunSr({ ...run, result: undefined }, [])).toBeUndefined();
  });
});
