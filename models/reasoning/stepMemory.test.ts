import { describe, expect, it } from 'vitest';
import { loadCitationQualitySet } from '../bench/citationQualitySet';
import { shippedJudgeMemory } from './shippedJudgeMemory';
import {
  buildStepMemory,
  createStepMemory,
  memoryTerms,
  nearestSteps,
  neighbourVotes,
  vectorOf,
  type MemoryStep,
  type Neighbour,
  type StepMemory,
} from './stepMemory';

const memory = createStepMemory([
  { text: 'The solid component is 7 mm.', guidelines: ['fleischner-2017'] },
  { text: 'A part-solid nodule with a 6 mm solid component.', guidelines: ['fleischner-2017'] },
  { text: 'Dose: alteplase 0.9 mg/kg up to 90 mg.', guidelines: [] },
  { text: 'Alteplase 0.9 mg/kg, 10 % as a bolus.', guidelines: [] },
  { text: 'Alteplase within 4.5 hours of onset.', guidelines: ['aha-asa-stroke-2019'] },
  { text: 'Segment 8 observation with washout.', guidelines: ['li-rads-2018'] },
]);

describe('the judge memory of labelled steps', () => {
  it('reads words of two or more characters and each pair of neighbouring words', () => {
    expect(memoryTerms('The solid component, 7 mm.')).toEqual([
      'the',
      'solid',
      'component',
      'mm',
      'the solid',
      'solid component',
      'component mm',
    ]);
  });

  it('finds the remembered steps most like a new one first', () => {
    const near = nearestSteps(memory, 'The solid component measures 8 mm.', 2);
    expect(near.map((n) => n.step.text)).toEqual([
      'The solid component is 7 mm.',
      'A part-solid nodule with a 6 mm solid component.',
    ]);
    expect(near[0]?.similarity).toBeGreaterThan(near[1]?.similarity ?? 1);
    expect(near[0]?.similarity).toBeLessThanOrEqual(1);
  });

  it('builds the same index in slices as at once, pausing as it goes', () => {
    const steps = (['tune', 'heldout-4', 'heldout-5'] as const).flatMap((half) =>
      loadCitationQualitySet(half).flatMap((c) =>
        c.steps.map((s) => ({ text: s.text, guidelines: s.expect?.guidelines ?? [] })),
      ),
    );
    expect(steps.length).toBeGreaterThan(1500);
    const build = buildStepMemory(steps);
    let pauses = 0;
    let next = build.next();
    for (; !next.done; next = build.next()) pauses++;
    expect(pauses).toBeGreaterThan(2);
    expect(next.value).toEqual(createStepMemory(steps));
  });

  it('never counts an identical sentence as its own neighbour', () => {
    const near = nearestSteps(memory, 'the solid component is 7 mm.', 10);
    expect(near.map((n) => n.step.text)).not.toContain('The solid component is 7 mm.');
    expect(near.length).toBeGreaterThan(0);
  });

  it('weighs the neighbours\u2019 labels: a dose step leans to none, a guideline to its own steps', () => {
    const dose = neighbourVotes(
      nearestSteps(memory, 'Alteplase dose 0.9 mg/kg, bolus 10 %.'),
      'aha-asa-stroke-2019',
    );
    expect(dose.none).toBeGreaterThan(dose.share);
    const nodule = neighbourVotes(nearestSteps(memory, 'Solid component 5 mm.'), 'fleischner-2017');
    expect(nodule.share).toBe(1);
    expect(nodule.none).toBe(0);
    expect(neighbourVotes([], 'fleischner-2017')).toEqual({ share: 0, none: 0, nearest: 0 });
  });

  it('returns no neighbours for a step whose words no two remembered steps share', () => {
    expect(nearestSteps(memory, 'Zebra quagga okapi.')).toEqual([]);
  });
});

/**
 * Every remembered step scored against every query term, ties in the order a pass over the
 * postings first meets them: what nearestSteps must return however many postings it skips.
 */
function exhaustiveNearest(memory: StepMemory, text: string, k: number): Neighbour[] {
  const score = new Float64Array(memory.steps.length);
  const first = new Int32Array(memory.steps.length).fill(-1);
  [...vectorOf(text, memory.idf)].forEach(([term, weight], q) => {
    const list = memory.postings.get(term);
    list?.docs.forEach((doc, i) => {
      score[doc] = (score[doc] as number) + weight * (list.weights[i] as number);
      if (first[doc] === -1) first[doc] = q;
    });
  });
  const key = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
  const before = (a: number, b: number) =>
    (score[a] as number) > (score[b] as number) ||
    (score[a] === score[b] && (first[a] as number) < (first[b] as number));
  const best: number[] = [];
  memory.steps.forEach((step, doc) => {
    if (first[doc] === -1 || ((score[doc] as number) > 0.999 && key(step.text) === key(text)))
      return;
    let at = best.length;
    while (at > 0 && before(doc, best[at - 1] as number)) at--;
    best.splice(at, 0, doc);
    if (best.length > k) best.pop();
  });
  return best.map((doc) => ({
    step: memory.steps[doc] as MemoryStep,
    similarity: Math.min(1, score[doc] as number),
  }));
}

describe('nearestSteps skipping the commonest terms (MaxScore)', () => {
  it('returns exactly the exhaustive neighbours on the shipped memory, to the last bit', () => {
    const shipped = shippedJudgeMemory();
    const texts = [
      ...loadCitationQualitySet('tune'),
      ...loadCitationQualitySet('heldout-2'),
    ].flatMap((c) => c.steps.map((s) => s.text));
    expect(texts.length).toBeGreaterThan(500);
    for (const text of texts)
      expect(nearestSteps(shipped, text)).toEqual(exhaustiveNearest(shipped, text, 10));
  });

  it('breaks ties between equal steps as a full pass would, and skips the query itself', () => {
    // "alpha gamma" and "beta gamma" score alike for "beta alpha"; a pass over the postings
    // meets "beta" first, so "beta gamma" (the later step) comes first.
    const tied = createStepMemory(
      ['alpha gamma', 'beta gamma', 'alpha delta', 'beta delta', 'beta alpha'].map((text) => ({
        text,
        guidelines: [],
      })),
    );
    expect(nearestSteps(tied, 'beta alpha', 2).map((n) => n.step.text)).toEqual([
      'beta gamma',
      'beta delta',
    ]);
    for (const text of ['beta alpha', 'alpha beta', 'gamma delta', 'delta'])
      for (const k of [1, 2, 3, 10])
        expect(nearestSteps(tied, text, k)).toEqual(exhaustiveNearest(tied, text, k));
  });
});
