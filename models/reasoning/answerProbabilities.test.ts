import { describe, expect, it } from 'vitest';
import { answerLetterOffset, answerProbabilities } from './answerProbabilities';
import { parseAnswer } from './parseAnswer';

const offsetOf = (output: string, options?: Record<string, string>) =>
  answerLetterOffset(output, parseAnswer(output, { options })!);

describe('answerLetterOffset', () => {
  it('finds the letter inside the last answer element, not one in the thinking', () => {
    const out = '<think>C or B?</think><answer>(B) Tuberculosis</answer>';
    expect(offsetOf(out)).toBe(out.lastIndexOf('B)'));
  });

  it('finds the letter of a trigger phrase and of a boxed answer', () => {
    const phrase = 'A is unlikely. The answer is (C).';
    expect(offsetOf(phrase)).toBe(phrase.indexOf('C)'));
    const boxed = 'So \\boxed{D}.';
    expect(offsetOf(boxed)).toBe(boxed.indexOf('D}'));
  });

  it('gives -1 when the answer was read from an option’s text', () => {
    expect(offsetOf('<answer>Pneumonia</answer>', { A: 'Pneumonia', B: 'Cancer' })).toBe(-1);
  });
});

describe('answerProbabilities', () => {
  const out = 'Answer: B';
  const at = out.indexOf(' B');

  it('normalises log-probabilities over the options and gives 0 to an option not reported', () => {
    const p = answerProbabilities(out, [
      { start: at, end: at + 2, logits: { A: Math.log(0.1), B: Math.log(0.6), C: Math.log(0.1) } },
    ]);
    expect(p!.A).toBeCloseTo(0.125, 12);
    expect(p!.B).toBeCloseTo(0.75, 12);
    expect(p!.C).toBeCloseTo(0.125, 12);
    expect(p!.D).toBe(0);
    expect(p!.E).toBe(0);
  });

  it('is null without logits at the answer token, or without a lettered answer', () => {
    expect(answerProbabilities(out, undefined)).toBeNull();
    expect(answerProbabilities(out, [{ start: 0, end: 3, logits: { A: 1, B: 2 } }])).toBeNull();
    expect(
      answerProbabilities('I cannot tell.', [{ start: 0, end: 1, logits: { A: 1, B: 2 } }]),
    ).toBeNull();
  });
});
