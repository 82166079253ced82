import { describe, expect, it } from 'vitest';
import { extractAnswer } from './extractAnswer';

const five = [
  'Lateral collateral ligament repair',
  'Capsular plication',
  'Radial head replacement',
  'Radial head ORIF',
  'Medial collateral ligament reconstruction',
].map((text, i) => ({ letter: String.fromCharCode(65 + i), text }));
const omni = [
  { letter: 'A', text: 'MR' },
  { letter: 'B', text: 'CT' },
  { letter: 'C', text: "No, It's normal." },
  { letter: 'D', text: 'X-ray' },
];

describe('extractAnswer', () => {
  it.each([
    ['<answer>C</answer>', 'C', 'answer-tag'],
    ['<think>A or B? Option A is wrong.</think><answer>(B)</answer>', 'B', 'answer-tag'],
    ['<think>long reasoning</think>\n<answer>D. Radial head ORIF</answer>', 'D', 'answer-tag'],
    ['<answer>Radial head replacement</answer>', 'C', 'answer-tag'],
    ['<answer>\\boxed{E}</answer>', 'E', 'answer-tag'],
    ['So the final answer is \\boxed{C}.', 'C', 'boxed'],
    ['\\boxed{\\text{(A)}}', 'A', 'boxed'],
    ['Therefore, among A through E, the answer is C.', 'C', 'phrase'],
    ['the answer is (C)', 'C', 'phrase'],
    ['Answer: **D**', 'D', 'phrase'],
    ['The correct option is B because the capsule...', 'B', 'phrase'],
    ['After weighing A and B, the best answer is E.', 'E', 'phrase'],
    ['The answer is radial head ORIF.', 'D', 'phrase'],
    ['C', 'C', 'letter'],
    [' (c) ', 'C', 'letter'],
    ['B.', 'B', 'letter'],
    ['C. Radial head replacement', 'C', 'letter'],
    ['(E) Medial collateral ligament reconstruction', 'E', 'letter'],
    ['A\n\nThe lateral ligament complex is the key stabiliser.', 'A', 'letter'],
    ['Capsular plication', 'B', 'option-text'],
  ])('reads %j as %s', (output, letter, via) => {
    expect(extractAnswer(output, five)).toEqual({ letter, via });
  });

  it('reads OmniMedVQA option texts, punctuation and case aside', () => {
    expect(extractAnswer("no, it's normal", omni)).toEqual({ letter: 'C', via: 'option-text' });
    expect(extractAnswer('X-ray.', omni)).toEqual({ letter: 'D', via: 'option-text' });
    expect(extractAnswer('The image is a CT scan of the abdomen.', omni)).toEqual({
      letter: 'B',
      via: 'option-text',
    });
  });

  it('takes the last stated answer when the model changes its mind', () => {
    expect(
      extractAnswer('At first the answer is A. On reflection the answer is D.', five).letter,
    ).toBe('D');
  });

  it.each([
    ['', 'empty output'],
    ['I cannot determine this from the image.', 'a refusal'],
    ['A 26-year-old man falls from a ladder.', 'an echo of the question'],
    ['The answer is F.', 'a letter that is no option'],
    ['<answer></answer>', 'an empty answer tag'],
    ['<think>It might be C', 'reasoning cut off before the answer'],
    ['Either CT or MR would show it.', 'two option texts'],
  ])('finds no answer in %j (%s)', (output) => {
    const options = output.includes('CT') ? omni : five;
    expect(extractAnswer(output, options)).toEqual({ letter: null, via: null });
  });

  it('does not read the article "a" as option A', () => {
    expect(extractAnswer('The answer is a fracture.', five).letter).toBeNull();
  });
});
