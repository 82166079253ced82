import { describe, expect, it } from 'vitest';
import { createGuidelineIndex } from '../guidelines/guidelineIndex';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { reasonFromText, reasoningOutput } from './reasonFromText';
import { reasoningOutputSchema } from '../../electron/common/schemas/reasoning';
import { routeSpecialty } from './routeSpecialty';

const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
const index = createGuidelineIndex(packs, 'adult-medicine');
const output = (letter: string) =>
  `<think>\n1. There is a solitary solid pulmonary nodule of 7 mm in a low-risk patient.\n2. Let me think.\n3. Fleischner advises CT at 6 to 12 months [fleischner-2017#solid-6-8mm] [fleischner-2017#nope].\n</think>\n<answer>${letter}</answer>`;

describe('reasonFromText', () => {
  it('parses steps, links citations and keeps the answer', () => {
    const r = reasonFromText(output('B'), { index, perspective: 'analytical' });
    expect(r.steps.map((s) => s.noGuidelineSupport)).toEqual([false, true, false]);
    expect(r.steps[0]?.citations[0]).toMatchObject({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
    });
    expect(r.steps[2]?.unknownCitations).toEqual(['fleischner-2017#nope']);
    expect(r.answer?.letter).toBe('B');
  });
});

describe('reasoningOutput', () => {
  it('builds the mmx ask JSON for one perspective without a consensus', () => {
    const out = reasoningOutput([{ perspective: 'bayesian', text: output('A') }], {
      index,
      specialty: 'adult-medicine',
    });
    expect(reasoningOutputSchema.parse(out)).toEqual(out);
    expect(out.consensus).toBeNull();
    expect(out.answer?.letter).toBe('A');
    expect(out.steps.every((s) => s.perspective === 'bayesian')).toBe(true);
  });

  it('builds a consensus across perspectives and takes the majority answer', () => {
    const routing = routeSpecialty({
      modality: 'CT',
      bodyPart: 'CHEST',
      question: 'nodule follow-up?',
    });
    const out = reasoningOutput(
      [
        { perspective: 'differential', text: output('B') },
        { perspective: 'intuitive', text: output('B') },
        { perspective: 'analytical', text: output('C') },
        { perspective: 'bayesian', text: output('B') },
      ],
      { index, specialty: routing.specialty, routing },
    );
    expect(reasoningOutputSchema.parse(out)).toEqual(out);
    expect(out.answer?.letter).toBe('B');
    expect(out.consensus?.agreement).toBe(0.75);
    expect(out.steps).toHaveLength(12);
    expect(out.consensus?.sharedCitations[0]?.perspectives).toHaveLength(4);
  });
});
