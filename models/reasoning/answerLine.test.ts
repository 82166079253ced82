import { describe, expect, it } from 'vitest';
import { answerLine, optionText } from './answerLine';

const options = { A: 'Bosniak I', B: 'Bosniak II', C: 'Bosniak IIF' };

describe('answerLine', () => {
  it('shows a bare letter answer as "B — <option text>", not "(B) B"', () => {
    expect(answerLine({ letter: 'B', text: 'B' }, options)).toBe('B — Bosniak II');
    expect(answerLine({ letter: 'B', text: '(B) B' }, options)).toBe('B — Bosniak II');
  });

  it('prefers the option the user typed over the words the model wrote after the letter', () => {
    expect(answerLine({ letter: 'C', text: '(C) Bosniak 2F cyst' }, options)).toBe(
      'C — Bosniak IIF',
    );
  });

  it('keeps the model words after the letter when the options are unknown', () => {
    expect(answerLine({ letter: 'C', text: '(C) Bosniak IIF' })).toBe('C — Bosniak IIF');
    expect(answerLine({ letter: 'c', text: 'c. Bosniak IIF' })).toBe('C — Bosniak IIF');
    expect(answerLine({ letter: 'D', text: 'D: Bosniak III' })).toBe('D — Bosniak III');
    expect(answerLine({ letter: 'B', text: 'B' })).toBe('B');
  });

  it('does not cut a word that merely starts with the letter', () => {
    expect(answerLine({ letter: 'B', text: 'Bosniak II' })).toBe('B — Bosniak II');
  });

  it('shows a free-text answer as written', () => {
    expect(answerLine({ letter: null, text: 'CT at 6-12 months' }, options)).toBe(
      'CT at 6-12 months',
    );
  });
});

describe('optionText', () => {
  it('gives the chosen option text, or null without a letter or a matching option', () => {
    expect(optionText({ letter: 'A', text: 'A' }, options)).toBe('Bosniak I');
    expect(optionText({ letter: 'E', text: 'E' }, options)).toBeNull();
    expect(optionText({ letter: null, text: 'x' }, options)).toBeNull();
    expect(optionText(null, options)).toBeNull();
    expect(optionText({ letter: 'A', text: 'A' }, undefined)).toBeNull();
  });
});
