import { describe, expect, it } from 'vitest';
import { createStepMemory, memoryTerms, nearestSteps, neighbourVotes } from './stepMemory';

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
