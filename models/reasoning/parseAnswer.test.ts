import { describe, expect, it } from 'vitest';
import { answerText } from '../cli/askCommand';
import { accuracyReward } from '../tooling/gba/rewards';
import { parseAnswer } from './parseAnswer';
import { parseReasoning } from './stepParser';

const record = (list: { letter: string; text: string }[]) =>
  Object.fromEntries(list.map((o) => [o.letter, o.text]));

/** What `mmx eval` records: the letter and the rule, null when no option was named. */
function extractAnswer(output: string, options: { letter: string; text: string }[]) {
  const parsed = parseAnswer(output, { options: record(options) });
  return parsed?.letter ? { letter: parsed.letter, via: parsed.via } : { letter: null, via: null };
}

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

describe('parseAnswer on benchmark outputs (what mmx eval records)', () => {
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

// Texts on which the four former readers (mmx ask, mmx gba score, mmx eval,
// the stream parser) picked different answers, and the answer that is right.
const disagreeing: [text: string, letter: string | null, why: string][] = [
  [
    'Option A is wrong because of the margins. <answer>B</answer>',
    'B',
    'the answer tag wins over options named in passing',
  ],
  ['Option A is wrong. The answer is B. <answer>C</answer>', 'C', 'the tag wins over a phrase'],
  ['We need \\boxed{C}', 'C', 'a boxed letter'],
  ['The answer is (D)', 'D', 'a phrase with a bracketed letter'],
  ['Final answer: B. Not A.', 'B', 'the letter after the trigger, not a later one'],
  ['the answer is (c)', 'C', 'a bracketed lower-case letter'],
  ['answer: b', 'B', 'a lone lower-case letter'],
  ['The answer is a fracture.', null, 'the article "a" is no option'],
  ['<think>So the answer is B.</think>', null, 'an answer only inside <think> is deliberation'],
  ['<think>The answer is A.</think>\nThe answer is C.', 'C', 'the reply, not the thinking'],
  ['The answer is A. Wait, the answer is D.', 'D', 'several answers: the last one'],
  ['<answer>A</answer> on reflection <answer>D</answer>', 'D', 'several answer tags: the last one'],
  ['The answer is F.', null, 'a letter outside the options'],
  ['<answer>F</answer>', null, 'a tagged letter outside the options'],
  ['C', 'C', 'a reply that is one letter'],
  ['<think>x</think>\nE', 'E', 'a one-letter reply after the thinking'],
  ['B. Because the nodule is solid.', 'B', 'a reply that starts with a lettered option'],
  ['A pneumothorax is seen.', null, 'a sentence that starts with the article A'],
];

describe('parseAnswer on texts the former readers disagreed on', () => {
  it.each(disagreeing)('reads %j as %s (%s)', (text, letter) => {
    expect(parseAnswer(text)?.letter ?? null).toBe(letter);
  });

  it.each(disagreeing)(
    'gives the same answer in the stream parser, mmx ask, gba score and eval for %j',
    (text, letter) => {
      const options = record(
        ['A', 'B', 'C', 'D', 'E'].map((l) => ({
          letter: l,
          text: `finding ${l.toLowerCase()}${l.toLowerCase()}`,
        })),
      );
      const parsed = parseAnswer(text);
      // The stream parser (the app's steps and `mmx ask`'s answerLetter).
      expect(parseReasoning(text).answer).toEqual(parsed);
      // `mmx ask --json`'s answer string.
      if (parsed) expect(answerText(text)).toBe(parsed.text);
      // `mmx gba score`: accuracy 1 exactly for the letter read.
      for (const l of 'ABCDE') expect(accuracyReward(text, l, options)).toBe(l === letter ? 1 : 0);
      // `mmx eval`.
      expect(
        extractAnswer(
          text,
          Object.entries(options).map(([l, t]) => ({ letter: l, text: t })),
        ).letter,
      ).toBe(letter);
    },
  );
});

describe('parseAnswer result shape', () => {
  it("says where the answer came from, in the contract's terms", () => {
    expect(parseAnswer('<think>x</think><answer>B. CT at 6-12 months</answer>')).toEqual({
      letter: 'B',
      text: 'B. CT at 6-12 months',
      source: 'tag',
      via: 'answer-tag',
    });
    expect(parseAnswer('So \\boxed{\\text{D}}')).toMatchObject({
      letter: 'D',
      text: '\\text{D}',
      source: 'boxed',
    });
    expect(parseAnswer('Therefore the answer is Lung-RADS 4A.')).toEqual({
      letter: null,
      text: 'Lung-RADS 4A',
      source: 'phrase',
      via: 'phrase',
    });
  });

  it('takes option letters from the options when given', () => {
    expect(parseAnswer('<answer>F</answer>', { options: { E: 'x', F: 'y' } })?.letter).toBe('F');
    expect(parseAnswer('<answer>F</answer>', { letters: 'ABCDEF' })?.letter).toBe('F');
  });

  it('does not read "another option is" as a stated answer', () => {
    expect(parseAnswer('Another option is to wait and repeat the CT.')).toBeNull();
  });
});
