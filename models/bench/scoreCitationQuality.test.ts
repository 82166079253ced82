import { describe, expect, it } from 'vitest';
import { scoreCitationQuality, stepProblems, type StepOutcome } from './scoreCitationQuality';

const fleischner = { guidelines: ['fleischner-2017'], passage: 'solid-6-8mm' };
const cite = (ref: string, score = 0.6) => {
  const [guideline = '', passage = ''] = ref.split('#');
  return { guideline, passage, score, source: 'linker' };
};
const outcome = (over: Partial<StepOutcome>): StepOutcome => ({
  half: 'tune',
  caseId: 'case-a',
  step: 1,
  text: 'a step',
  tags: [],
  expect: null,
  expectUnknown: [],
  routing: 'base',
  specialty: 'adult-medicine',
  citations: [],
  unknownCitations: [],
  missingGuidelines: [],
  ...over,
});

describe('scoreCitationQuality', () => {
  const outcomes = [
    // right guideline and passage, plus a wrong passage of the same guideline beside it
    outcome({
      expect: fleischner,
      citations: [cite('fleischner-2017#solid-6-8mm'), cite('fleischner-2017#solid-over-8mm')],
      tags: ['number'],
    }),
    // right guideline, wrong passage
    outcome({
      expect: fleischner,
      citations: [cite('fleischner-2017#ground-glass-single')],
      tags: ['negation'],
    }),
    // wrong guideline on top
    outcome({
      expect: { guidelines: ['li-rads-2018'] },
      citations: [cite('recist-1.1#measurable')],
      routing: 'wrong-specialty',
    }),
    // nothing cited where a guideline was expected
    outcome({ expect: { guidelines: ['li-rads-2018'] } }),
    // a filler step left alone, and one that was cited
    outcome({ tags: ['filler'] }),
    outcome({ tags: ['filler'], citations: [cite('acr-ti-rads-2017#levels')] }),
    // an invented reference flagged, and one that was not
    outcome({
      expectUnknown: ['li-rads-2018#made-up'],
      unknownCitations: ['li-rads-2018#made-up'],
    }),
    outcome({ expectUnknown: ['icdr-2003#made-up'] }),
    // expects a guideline no loaded pack holds: left out entirely
    outcome({
      expect: { guidelines: ['curb-65'] },
      citations: [cite('fleischner-2017#scope')],
      missingGuidelines: ['curb-65'],
    }),
  ];
  const m = scoreCitationQuality(outcomes);

  it('counts precision over cited steps, a citation on a no-guideline step counting as wrong', () => {
    expect(m.precision).toEqual({ hits: 2, of: 4, rate: 0.5 });
  });

  it('counts recall over the steps that expect a guideline', () => {
    expect(m.recall).toEqual({ hits: 2, of: 4, rate: 0.5 });
  });

  it('counts false citations over the steps that expect none', () => {
    expect(m.falseCitation).toEqual({ hits: 1, of: 4, rate: 0.25 });
  });

  it('scores the passage only where one is expected, and flags a wrong passage beside the right one', () => {
    expect(m.passageAccuracy).toEqual({ hits: 1, of: 2, rate: 0.5 });
    expect(m.extraCitation).toEqual({ hits: 1, of: 4, rate: 0.25 });
    expect(stepProblems(outcomes[0] as StepOutcome)).toEqual(['wrong extra citation']);
  });

  it('leaves steps with a missing guideline out of every figure and counts them', () => {
    expect(m.steps).toBe(9);
    expect(m.scored).toBe(8);
    expect(m.excluded).toBe(1);
  });

  it('checks that invented references are flagged', () => {
    expect(m.unknownRefs).toEqual({ hits: 1, of: 2, rate: 0.5 });
    expect(stepProblems(outcomes[7] as StepOutcome)).toEqual(['invented reference not flagged']);
  });

  it('breaks recall and false citations down by tag and by routing', () => {
    expect(m.byTag.filler.falseCitation).toEqual({ hits: 1, of: 2, rate: 0.5 });
    expect(m.byTag.filler.recall.rate).toBeNull();
    expect(m.byTag.negation.recall).toEqual({ hits: 1, of: 1, rate: 1 });
    expect(m.byRouting['wrong-specialty'].recall).toEqual({ hits: 0, of: 1, rate: 0 });
  });
});
