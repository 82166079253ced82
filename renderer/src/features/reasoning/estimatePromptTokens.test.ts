import { describe, expect, it } from 'vitest';
import { estimatePromptTokens } from './estimatePromptTokens';
import { imageTokenCount } from '../../../../models/reasoning/imageTokens';

const base = {
  question: 'Is there a pulmonary nodule that needs follow-up?',
  options: {},
  images: [],
  specialty: 'adult-medicine',
  perspective: 'analytical' as const,
};

describe('estimatePromptTokens', () => {
  it('counts the system prompt even for an empty question and grows with the text typed', () => {
    const empty = estimatePromptTokens({ ...base, question: '' });
    expect(empty.text).toBeGreaterThan(100);
    const longer = estimatePromptTokens({ ...base, question: base.question.repeat(20) });
    const short = estimatePromptTokens(base);
    // 19 more copies of a 50-character question: about 270 tokens at 3.5 characters each.
    expect(longer.text - short.text).toBeGreaterThan(250);
    expect(longer.text - short.text).toBeLessThan(300);
    const withOptions = estimatePromptTokens({
      ...base,
      options: { A: 'Solid nodule, 6–8 mm, follow-up CT at 6–12 months' },
    });
    expect(withOptions.text).toBeGreaterThan(short.text + 10);
  });

  it("adds each image's vision tokens by the image processor's rule and the model's bounds", () => {
    const images = [
      { width: 512, height: 512 },
      { width: 1024, height: 768 },
    ];
    const bounds = { minPixels: 56 * 56, maxPixels: 448 * 448, factor: 28 };
    const estimate = estimatePromptTokens({ ...base, images }, bounds);
    expect(estimate.images).toBe(
      imageTokenCount(512, 512, bounds) + imageTokenCount(1024, 768, bounds) + 2 * 2,
    );
    expect(estimate.total).toBe(estimate.text + estimate.images);
  });

  it('takes the largest prompt when every perspective runs or the router picks the specialty', () => {
    const one = estimatePromptTokens(base).text;
    const all = estimatePromptTokens({ ...base, perspective: 'all' }).text;
    const auto = estimatePromptTokens({ ...base, specialty: 'auto' }).text;
    expect(all).toBeGreaterThanOrEqual(one);
    expect(auto).toBeGreaterThanOrEqual(one);
  });
});
