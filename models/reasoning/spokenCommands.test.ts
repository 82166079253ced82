import { describe, expect, it } from 'vitest';
import { withoutSpokenCommands } from './spokenCommands';
import { stepQuery } from './linkCitations';

describe('dictated steps', () => {
  it('leaves spoken punctuation, editing commands and hesitations out', () => {
    expect(
      withoutSpokenCommands('Solid nodule comma eight millimetres full stop new paragraph'),
    ).toBe('Solid nodule eight millimetres ');
    expect(
      withoutSpokenCommands('Um, LR-5, scratch that, LR-4 open bracket 18 mm close bracket.'),
    ).toBe(' LR-5, LR-4 18 mm ');
    expect(stepQuery('Uh no washout new line no capsule full stop')).toBe(
      ' no washout no capsule ',
    );
  });

  it('keeps the clinical words that sound like commands', () => {
    for (const kept of [
      'Wall thickening of the sigmoid colon.',
      'Stable over a period of 2 years.',
      'Crystals of 5 um in the aspirate.',
      'A commanding, umbilicated lesion.',
    ])
      expect(withoutSpokenCommands(kept)).toBe(kept);
  });
});
