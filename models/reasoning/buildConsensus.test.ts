import { describe, expect, it } from 'vitest';
import { buildConsensus } from './buildConsensus';
import type { Perspective, PerspectiveResult } from '../../electron/common/schemas/reasoning';

const result = (
  perspective: Perspective,
  letter: string | null,
  text = letter ?? '',
  cites: string[] = [],
): PerspectiveResult => ({
  perspective,
  answer: letter === null && text === '' ? null : { letter, text, source: 'tag' },
  unplaced: [],
  steps: [
    {
      perspective,
      index: 1,
      label: '1',
      text: 'step',
      noGuidelineSupport: cites.length === 0,
      unknownCitations: [],
      unsupportedCitations: [],
      citations: cites.map((c) => ({
        guideline: c.split('#')[0] ?? '',
        passage: c.split('#')[1] ?? '',
        excerpt: '',
        score: 0.5,
        source: 'linker' as const,
      })),
    },
  ],
});

describe('buildConsensus', () => {
  it('finds the majority, the agreement and who disagrees', () => {
    const c = buildConsensus([
      result('differential', 'B', 'B', ['a#1']),
      result('intuitive', 'B', 'B', ['a#1', 'b#2']),
      result('analytical', 'C', 'C', ['a#1']),
      result('bayesian', 'B'),
    ]);
    expect(c.majority).toMatchObject({
      key: 'B',
      perspectives: ['differential', 'intuitive', 'bayesian'],
    });
    expect(c.agreement).toBe(0.75);
    expect(c.unanimous).toBe(false);
    expect(c.disagreements).toEqual([{ perspective: 'analytical', answer: 'C', majority: 'B' }]);
    expect(c.votes.map((v) => [v.key, v.perspectives.length])).toEqual([
      ['B', 3],
      ['C', 1],
    ]);
    expect(c.sharedCitations).toEqual([
      { guideline: 'a', passage: '1', perspectives: ['differential', 'intuitive', 'analytical'] },
    ]);
  });

  it('is unanimous when all four agree', () => {
    const c = buildConsensus(
      (['differential', 'intuitive', 'analytical', 'bayesian'] as const).map((p) => result(p, 'A')),
    );
    expect(c).toMatchObject({ unanimous: true, agreement: 1, disagreements: [] });
  });

  it('groups free-text answers by normalised text and reports a tie as no majority', () => {
    const c = buildConsensus([
      result('differential', null, 'Moderate NPDR.'),
      result('intuitive', null, 'moderate npdr'),
      result('analytical', null, 'Severe NPDR'),
      result('bayesian', null, 'severe  NPDR!'),
    ]);
    expect(c.votes.map((v) => v.key)).toEqual(['moderate npdr', 'severe npdr']);
    expect(c.majority).toBeNull();
    expect(c.agreement).toBe(0);
    expect(c.disagreements).toHaveLength(4);
  });

  it('counts a perspective without an answer as disagreeing', () => {
    const c = buildConsensus([
      result('differential', 'D'),
      result('intuitive', 'D'),
      result('analytical', null),
    ]);
    expect(c.majority?.key).toBe('D');
    expect(c.agreement).toBe(1);
    expect(c.unanimous).toBe(false);
    expect(c.disagreements).toEqual([{ perspective: 'analytical', answer: null, majority: 'D' }]);
  });
});
