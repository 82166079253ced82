import { describe, expect, it } from 'vitest';
import { chatRequestSchema, generationOf } from './chatRequestSchema';

const base = { model: 'm', messages: [{ role: 'user', content: 'Q?' }] };

describe("a chat request's sampling and pixel bounds", () => {
  it('become the runtime settings: top_k -1 is off, a 64-bit seed keeps its low 32 bits', () => {
    const request = chatRequestSchema.parse({
      ...base,
      temperature: 0.6,
      top_p: 0.9,
      top_k: -1,
      repetition_penalty: 1.1,
      seed: 2 ** 40 + 5,
      mm_processor_kwargs: { min_pixels: 3136, max_pixels: 200704 },
    });
    expect(generationOf(request)).toEqual({
      sampling: { temperature: 0.6, topP: 0.9, topK: 0, repetitionPenalty: 1.1, seed: 5 },
      imagePixels: { minPixels: 3136, maxPixels: 200704 },
    });
  });

  it('leave the model defaults alone when the request names none', () => {
    expect(generationOf(chatRequestSchema.parse({ ...base, temperature: null }))).toEqual({});
  });

  it('are refused out of range', () => {
    for (const bad of [
      { temperature: 2.5 },
      { top_p: 0 },
      { top_k: -2 },
      { repetition_penalty: 0 },
    ])
      expect(chatRequestSchema.safeParse({ ...base, ...bad }).success).toBe(false);
  });
});
