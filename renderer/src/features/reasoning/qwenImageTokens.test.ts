import { describe, expect, it } from 'vitest';
import { qwenImageTokens } from './qwenImageTokens';

describe('qwenImageTokens', () => {
  it('counts one token per 28 × 28 block of an image already on the grid', () => {
    expect(qwenImageTokens(224, 224)).toBe(64);
    expect(qwenImageTokens(448, 280)).toBe(16 * 10);
  });

  it('rounds the sides to the grid and scales the area into the pixel bounds', () => {
    // 1024² is above the default 1280 blocks: scaled down to 35 × 35.
    expect(qwenImageTokens(1024, 1024)).toBe(35 * 35);
    // The demo model caps an image at 448 × 448 pixels.
    expect(qwenImageTokens(1024, 1024, { maxPixels: 448 * 448 })).toBe(256);
    // A tiny image is enlarged to at least min_pixels.
    expect(qwenImageTokens(20, 20, { minPixels: 56 * 56 })).toBe(4);
    expect(qwenImageTokens(500, 300)).toBe(18 * 11);
  });
});
