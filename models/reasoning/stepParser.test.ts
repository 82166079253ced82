import { describe, expect, it } from 'vitest';
import { parseReasoning, StepParser, type ParseResult, type StepEvent } from './stepParser';

// Each case: an output as a model might write it, and what must be read from it.
const CASES: {
  name: string;
  text: string;
  steps: string[];
  letter?: string | null;
  answer?: string | null;
  unplaced?: string[];
}[] = [
  {
    name: 'well-formed numbered steps with an option answer',
    text: '<think>\n1. The nodule is solid and measures 7 mm.\n2. The patient is low risk.\n3. Fleischner advises CT at 6-12 months.\n</think>\n<answer>B. CT at 6-12 months</answer>',
    steps: [
      'The nodule is solid and measures 7 mm.',
      'The patient is low risk.',
      'Fleischner advises CT at 6-12 months.',
    ],
    letter: 'B',
    answer: 'B. CT at 6-12 months',
  },
  {
    name: 'numbers with parentheses and Step labels',
    text: '<think>Step 1: Look at the liver.\nStep 2: APHE and washout.\n(3) LR-5.</think><answer>C</answer>',
    steps: ['Look at the liver.', 'APHE and washout.', 'LR-5.'],
    letter: 'C',
    answer: 'C',
  },
  {
    name: 'markdown bold step headings',
    text: '<think>\n**Step 1:** Findings are a 12 mm mass.\n**Step 2.** It enhances.\n### 3. Conclusion: LR-4\n</think>\n<answer>(D)</answer>',
    steps: ['Findings are a 12 mm mass.', 'It enhances.', 'Conclusion: LR-4'],
    letter: 'D',
  },
  {
    name: 'bulleted list',
    text: '<think>\n- Hypoechoic nodule\n* Taller than wide\n• Punctate echogenic foci\n</think><answer>TR5</answer>',
    steps: ['Hypoechoic nodule', 'Taller than wide', 'Punctate echogenic foci'],
    letter: null,
    answer: 'TR5',
  },
  {
    name: 'indented sub-bullets stay inside their step',
    text: '<think>\n1. Features:\n   - solid\n   - 7 mm\n2. Category 3.\n</think>\n<answer>A</answer>',
    steps: ['Features:\n- solid\n- 7 mm', 'Category 3.'],
    letter: 'A',
  },
  {
    name: 'paragraphs without numbers',
    text: '<think>The image is an axial CT of the chest.\nThere is a nodule.\n\nIt is solid.\n\nSo this is category 3.</think>\n<answer>B</answer>',
    steps: [
      'The image is an axial CT of the chest.\nThere is a nodule.',
      'It is solid.',
      'So this is category 3.',
    ],
    letter: 'B',
  },
  {
    name: 'missing think tags entirely',
    text: '1. First finding.\n2. Second finding.\n<answer>E</answer>',
    steps: ['First finding.', 'Second finding.'],
    letter: 'E',
  },
  {
    name: 'only a closing think tag',
    text: 'Reasoning about the fundus.\n</think>\n<answer>Moderate NPDR</answer>',
    steps: ['Reasoning about the fundus.'],
    letter: null,
    answer: 'Moderate NPDR',
  },
  {
    name: 'unterminated think (truncated output)',
    text: '<think>\n1. Microaneurysms.\n2. Haemorrhages in four quadr',
    steps: ['Microaneurysms.', 'Haemorrhages in four quadr'],
    letter: null,
    answer: null,
  },
  {
    name: 'unterminated answer',
    text: '<think>1. a finding here</think><answer>B. Lung-RADS 4A',
    steps: ['a finding here'],
    letter: 'B',
    answer: 'B. Lung-RADS 4A',
  },
  {
    name: 'boxed answer without tags',
    text: 'Step 1: compute the score.\nStep 2: it is 7.\nFinal: \\boxed{C}',
    steps: ['compute the score.', 'it is 7.\nFinal: \\boxed{C}'],
    letter: 'C',
    answer: 'C',
  },
  {
    name: 'boxed answer inside the answer tag with nested braces',
    text: '<think>1. x is here</think><answer>\\boxed{\\text{B}}</answer>',
    steps: ['x is here'],
    letter: 'B',
    answer: '\\text{B}',
  },
  {
    name: '"the answer is X" phrase',
    text: 'The lesion shows rim APHE.\n\nTherefore the answer is (D).',
    steps: ['The lesion shows rim APHE.', 'Therefore the answer is (D).'],
    letter: 'D',
  },
  {
    name: 'free-text answer that starts with the article A is not read as option A',
    text: '<think>1. Solid nodule</think><answer>A 7 mm solid nodule needing CT at 6-12 months</answer>',
    steps: ['Solid nodule'],
    letter: null,
    answer: 'A 7 mm solid nodule needing CT at 6-12 months',
  },
  {
    name: 'text after the answer is kept as unplaced',
    text: '<think>1. ok then</think><answer>A</answer>\nHope this helps!',
    steps: ['ok then'],
    letter: 'A',
    unplaced: ['Hope this helps!'],
  },
  {
    name: 'preamble before think becomes a step, not lost',
    text: 'Let me analyse the image.\n<think>\n1. One.\n2. Two.\n</think><answer>B</answer>',
    steps: ['Let me analyse the image.', 'One.', 'Two.'],
    letter: 'B',
  },
  {
    name: 'decimal sizes at a line start are not list markers',
    text: '<think>\n1. Size:\n2.5 mm nodule, too small.\n</think><answer>A</answer>',
    steps: ['Size:\n2.5 mm nodule, too small.'],
    letter: 'A',
  },
  {
    name: 'upper-case and spaced tags',
    text: '< THINK >1. Upper.\n2. Case.</ Think ><Answer> b </ANSWER>',
    steps: ['Upper.', 'Case.'],
    letter: 'B',
    answer: 'b',
  },
  {
    name: 'a think tag inside the answer stays answer text',
    text: '<answer>C. <think> is not a tag here</answer>',
    steps: [],
    letter: 'C',
    answer: 'C. <think> is not a tag here',
  },
  {
    name: 'windows line endings and tabs',
    text: '<think>\r\n1.\tCR line one.\r\n2.\tCR line two.\r\n</think>\r\n<answer>A</answer>',
    steps: ['CR line one.', 'CR line two.'],
    letter: 'A',
  },
  {
    name: 'citations written by the model stay in the text',
    text: '<think>1. Solid 7 mm nodule [fleischner-2017#solid-6-8mm].\n2. Follow with CT.</think><answer>A</answer>',
    steps: ['Solid 7 mm nodule [fleischner-2017#solid-6-8mm].', 'Follow with CT.'],
    letter: 'A',
  },
  { name: 'empty output', text: '', steps: [], letter: null, answer: null },
  { name: 'whitespace only', text: '  \n\n ', steps: [], letter: null, answer: null },
  {
    name: 'stray less-than signs are text',
    text: 'size < 6 mm and <b>bold</b>\n<answer>A</answer>',
    steps: ['size < 6 mm and <b>bold</b>'],
    letter: 'A',
  },
];

function chunked(text: string, cuts: number[]): { result: ParseResult; events: StepEvent[] } {
  const parser = new StepParser();
  const events: StepEvent[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    events.push(...parser.push(text.slice(at, cut)));
    at = cut;
  }
  const end = parser.end();
  return { result: end.result, events: [...events, ...end.events] };
}

/** Small deterministic PRNG (mulberry32) so random chunkings are reproducible. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseReasoning', () => {
  for (const c of CASES) {
    it(`reads ${c.name}`, () => {
      const r = parseReasoning(c.text.replace(/\r/g, ''));
      expect(r.steps.map((s) => s.text)).toEqual(c.steps.map((s) => s.replace(/\t/g, ' ')));
      expect(r.steps.map((s) => s.index)).toEqual(c.steps.map((_, i) => i + 1));
      if (c.letter !== undefined) expect(r.answer?.letter ?? null).toBe(c.letter);
      if (c.answer !== undefined) expect(r.answer?.text ?? null).toBe(c.answer);
      expect(r.unplaced).toEqual(c.unplaced ?? []);
      expect(r.raw).toBe(c.text.replace(/\r/g, ''));
    });
  }

  it('keeps every non-whitespace character of the output somewhere in the result', () => {
    for (const c of CASES) {
      const r = parseReasoning(c.text);
      const placed = [
        ...r.steps.map((s) => `${s.label ?? ''}${s.text}`),
        r.answer?.text ?? '',
        ...r.unplaced,
      ].join('');
      const strip = (s: string) =>
        s.replace(/<\s*\/?\s*(think|answer)\s*>/gi, '').replace(/\\boxed\{|[\s.:()*#•+\-}]/g, '');
      const missing = [...strip(c.text)].filter((ch) => !strip(placed).includes(ch));
      expect(missing, c.name).toEqual([]);
    }
  });

  it('records the model labels of numbered and bulleted steps', () => {
    const r = parseReasoning(
      '<think>1. a step\nStep 2: b step\n- c step\nplain\n\nparagraph</think>',
    );
    expect(r.steps.map((s) => s.label)).toEqual(['1', 'Step 2', '-', null]);
    expect(r.steps[2]?.text).toBe('c step\nplain');
  });

  it('reads the letter from the answer tag even when the reasoning names another option', () => {
    expect(
      parseReasoning('<think>The answer is A? No.</think><answer>C</answer>').answer?.letter,
    ).toBe('C');
  });

  it('accepts a custom set of option letters', () => {
    expect(parseReasoning('<answer>F</answer>', { letters: 'ABCDEF' }).answer?.letter).toBe('F');
    expect(parseReasoning('<answer>F</answer>').answer?.letter).toBeNull();
  });
});

describe('StepParser streaming', () => {
  it('gives the same result for a split at every position of every case', () => {
    for (const c of CASES) {
      const whole = parseReasoning(c.text);
      for (let i = 0; i <= c.text.length; i++)
        expect(chunked(c.text, [i]).result, `${c.name} @${i}`).toEqual(whole);
    }
  });

  it('gives the same result for every pair of split points on the tag-heavy cases', () => {
    for (const c of CASES.filter((x) => x.text.length < 90)) {
      const whole = parseReasoning(c.text);
      for (let i = 0; i <= c.text.length; i++)
        for (let j = i; j <= c.text.length; j++)
          expect(chunked(c.text, [i, j]).result).toEqual(whole);
    }
  });

  it('gives the same result one character at a time and for 200 random chunkings per case', () => {
    const random = rng(42);
    for (const c of CASES) {
      const whole = parseReasoning(c.text);
      expect(
        chunked(
          c.text,
          [...c.text].map((_, i) => i),
        ).result,
      ).toEqual(whole);
      for (let k = 0; k < 200; k++) {
        const cuts = [...c.text].map((_, i) => i).filter(() => random() < 0.3);
        expect(chunked(c.text, cuts).result, `${c.name} cuts ${cuts.join(',')}`).toEqual(whole);
      }
    }
  });

  it('emits each final step once, in order, and never retracts one', () => {
    const random = rng(7);
    for (const c of CASES) {
      const whole = parseReasoning(c.text);
      for (let k = 0; k < 50; k++) {
        const cuts = [...c.text].map((_, i) => i).filter(() => random() < 0.2);
        const steps = chunked(c.text, cuts).events.flatMap((e) =>
          e.type === 'step' ? [e.step] : [],
        );
        expect(steps).toEqual(whole.steps);
      }
    }
  });

  it('emits a completed step as soon as the next one starts, before the output ends', () => {
    const parser = new StepParser();
    expect(parser.push('<think>\n1. First step.\n').filter((e) => e.type === 'step')).toEqual([]);
    const events = parser.push('2. Second');
    expect(events).toContainEqual({
      type: 'step',
      step: { index: 1, label: '1', text: 'First step.' },
    });
    expect(events).toContainEqual({ type: 'progress', index: 2, text: 'Second' });
  });

  it('does not show half a tag as text while it streams', () => {
    const parser = new StepParser();
    const events = [...parser.push('<think>1. Look'), ...parser.push(' here.</thi')];
    const progress = events
      .filter((e) => e.type === 'progress')
      .map((e) => (e.type === 'progress' ? e.text : ''));
    expect(progress.at(-1)).toBe('Look here.');
    const rest = [
      ...parser.push('nk><ans'),
      ...parser.push('wer>B</answer>'),
      ...parser.end().events,
    ];
    expect(rest).toContainEqual({
      type: 'answer',
      answer: { letter: 'B', text: 'B', source: 'tag', via: 'answer-tag' },
    });
  });

  it('refuses input after end', () => {
    const parser = new StepParser();
    parser.end();
    expect(() => parser.push('x')).toThrow(/StepParser.push/);
  });
});
