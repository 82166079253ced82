import { describe, expect, it } from 'vitest';
import { lastLogitsRow } from './greedyDecode';
import { LetterLogitsRecorder, writtenLetter } from './letterLogits';
import { ort } from './ml';
import { tokenLogprob } from './tokenLogprob';

// A 6-token vocabulary: "A", "B", "C", " A", " B", " C".
const vocab = ['A', 'B', 'C', ' A', ' B', ' C'];
const encode = (text: string) => {
  const id = vocab.indexOf(text);
  return id < 0 ? [...text].map((ch) => vocab.indexOf(ch)) : [id];
};

describe('lastLogitsRow', () => {
  it('reads fp16 logits of the last position as floats, one id at a time', () => {
    // IEEE 754 half: 1.0 = 0x3c00, 2.0 = 0x4000, -1.5 = 0xbe00, 0.5 = 0x3800.
    const first = [0, 0, 0, 0, 0, 0];
    const last = [0x3c00, 0x4000, 0xbe00, 0x3800, 0, 0x3c00];
    const tensor = new ort.Tensor('float16', Uint16Array.from([...first, ...last]), [1, 2, 6]);
    const row = lastLogitsRow(tensor);
    expect(row.size).toBe(6);
    expect([0, 1, 2, 3].map((id) => row.at(id))).toEqual([1, 2, -1.5, 0.5]);
  });
});

describe('LetterLogitsRecorder', () => {
  const row = lastLogitsRow(
    new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 1, 6]),
  );

  it('reads the variant the token wrote: a leading space compares with spaced letters', () => {
    const recorder = new LetterLogitsRecorder('ABC', encode);
    recorder.record(' B', 7, row);
    recorder.record('C', 9, row);
    expect(recorder.steps).toEqual([
      { start: 7, end: 9, logits: { A: 4, B: 5, C: 6 } },
      { start: 9, end: 10, logits: { A: 1, B: 2, C: 3 } },
    ]);
  });

  it('keeps nothing for a token that writes no lone option letter', () => {
    const recorder = new LetterLogitsRecorder('ABC', encode);
    for (const piece of ['an', 'D', ' ', 'A B']) recorder.record(piece, 0, row);
    expect(recorder.steps).toEqual([]);
    expect(writtenLetter('(c', ['A', 'B', 'C'])).toEqual({
      letter: 'C',
      prefix: '(',
      suffix: '',
      upper: false,
    });
  });
});

describe('tokenLogprob', () => {
  it('is the log-softmax over the whole vocabulary, with the top tokens in order', () => {
    const row = lastLogitsRow(
      new ort.Tensor('float32', Float32Array.from([1, 3, 2, 0, 0, 0]), [1, 1, 6]),
    );
    const logZ = Math.log(Math.exp(1) + Math.exp(3) + Math.exp(2) + 3);
    const out = tokenLogprob(row, 1, 2, (id) => vocab[id]!);
    expect(out.logprob).toBeCloseTo(3 - logZ, 12);
    expect(out.top.map((t) => t.token)).toEqual(['B', 'C']);
    expect(out.top[1]!.logprob).toBeCloseTo(2 - logZ, 12);
    expect(tokenLogprob(row, 0, 0, (id) => vocab[id]!).top).toEqual([]);
  });
});
