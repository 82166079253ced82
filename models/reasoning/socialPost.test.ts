import { describe, expect, it } from 'vitest';
import { isAnswerStatement, stepQuery } from './linkCitations';
import { announcesOrLists, withoutPostDecorations } from './socialPost';

const question = {
  letters: 'ABCD',
  options: ['2', '3', '4', '5'].map(() => new Set<string>()),
  termsOf: () => new Set<string>(),
  named: new Set<string>(),
} as unknown as Parameters<typeof isAnswerStatement>[1];

describe('a teaching thread', () => {
  it("searches a post's words without its number, pictographs, hashtags or mentions", () => {
    expect(withoutPostDecorations('3/ 12 mm solid nodule 🔥👀 #RadRes h/t @ChestRad')).toBe(
      ' 12 mm solid nodule h/t ',
    );
    // A fraction, a numbered score and a bracketed reference are no post number or tag.
    expect(withoutPostDecorations('3/10 pain, GCS 15.')).toBe('3/10 pain, GCS 15.');
    expect(stepQuery('Score #2 [fleischner-2017#solid-6-8mm] holds.')).toMatch(
      /^Score #2\s+holds\.$/,
    );
  });

  it('reads a ticked letter as the answer, but not a ticked checklist', () => {
    for (const post of ['7/ C ✅ PI-RADS 4', '7/ ✅ B — EUS gang', '7/ Moderate it is — B ✅'])
      expect(isAnswerStatement(stepQuery(post), question), post).toBe(true);
    for (const post of ['A ✓ halves differ; B ✓ notched; C two colours', '- Seq: axial FLAIR ✓'])
      expect(isAnswerStatement(stepQuery(post), question), post).toBe(false);
  });

  it('cites nothing for the opening post or a poll of the options', () => {
    expect(announcesOrLists(stepQuery('1/ Lung-RADS thread 🫁🧵 #ChestRad'))).toBe(true);
    expect(announcesOrLists(stepQuery('6/ Poll: A) LR-3 B) LR-4 C) LR-5 — answer next'))).toBe(
      true,
    );
    expect(announcesOrLists('A) is wrong: the nodule is 7 mm, not over 8.')).toBe(false);
    expect(announcesOrLists('2/ Solid, 7 mm, low-risk adult 👀')).toBe(false);
  });
});
