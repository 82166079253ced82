import { describe, expect, it } from 'vitest';
import { attachmentTokens, parseSamplingText } from './generationSlice';
import { describeDecoding } from './ReceivedView';

const empty = { temperature: '', topP: '', topK: '', repetitionPenalty: '', seed: '' };

describe('the ask form sampling fields', () => {
  it('leave empty fields to the model and take numbers within the ranges of mmx ask', () => {
    expect(parseSamplingText(empty)).toEqual({ settings: {}, problems: {} });
    expect(
      parseSamplingText({ ...empty, temperature: ' 0.7 ', topK: '40', seed: '12' }).settings,
    ).toEqual({ temperature: 0.7, topK: 40, seed: 12 });
  });

  it('name each field that is out of range in one sentence', () => {
    const { settings, problems } = parseSamplingText({
      temperature: '3',
      topP: '0',
      topK: '1.5',
      repetitionPenalty: 'x',
      seed: '-1',
    });
    expect(settings).toEqual({});
    expect(problems).toEqual({
      temperature: 'Temperature is a number from 0 to 2 (0 is greedy).',
      topP: 'Top-p is a number above 0 and at most 1.',
      topK: 'Top-k is a whole number from 0 (off) to 1000000.',
      repetitionPenalty: 'Repetition penalty is a number above 0 and at most 10.',
      seed: 'Seed is a whole number from 0 to 4294967295.',
    });
  });
});

describe('the vision tokens of an attached image', () => {
  const model = { imageBounds: { minPixels: 3136, maxPixels: 12_845_056, factor: 28 } };
  it('follow the detail level with the model bounds, and are unknown without them', () => {
    const ct = { width: 512, height: 512 };
    expect(attachmentTokens(ct, model, 'auto')).toBe(18 * 18);
    expect(attachmentTokens(ct, model, 'low')).toBe(16 * 16);
    expect(attachmentTokens(ct, model, 'high')).toBeGreaterThanOrEqual(512);
    expect(attachmentTokens(ct, {}, 'auto')).toBeUndefined();
  });
});

describe('the parameters line of what the model received', () => {
  it('says greedy, or every sampling value with the seed that repeats the run', () => {
    expect(describeDecoding({ decoding: 'greedy' })).toBe('greedy decoding');
    expect(
      describeDecoding({
        decoding: 'greedy',
        sampling: { decoding: 'greedy', repetitionPenalty: 1.05 },
      }),
    ).toBe('greedy decoding (repetition penalty 1.05)');
    expect(
      describeDecoding({
        decoding: 'sampling',
        sampling: {
          decoding: 'sampling',
          temperature: 0.7,
          topP: 0.9,
          topK: 0,
          repetitionPenalty: 1,
          seed: 8,
        },
      }),
    ).toBe('sampling (temperature 0.7, top-p 0.9, top-k off, seed 8)');
  });
});
