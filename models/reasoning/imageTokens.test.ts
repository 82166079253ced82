import { Qwen2VLImageProcessor, RawImage } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { MODEL_MAX_PIXELS } from '../../electron/common/schemas/ask';
import {
  DEFAULT_IMAGE_BOUNDS,
  HIGH_DETAIL_MIN_PIXELS,
  LOW_DETAIL_MAX_PIXELS,
  imageTokenCount,
  resolveImageBounds,
  smartResize,
  type ImageBounds,
} from './imageTokens';

/** Qwen2-VL's preprocessor_config.json fields that size an image. */
const processorConfig = (minPixels: number, maxPixels: number) => ({
  do_resize: true,
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
  resample: 3,
  min_pixels: minPixels,
  max_pixels: maxPixels,
  size: { shortest_edge: minPixels, longest_edge: maxPixels },
  patch_size: 14,
  temporal_patch_size: 2,
  merge_size: 2,
});

describe('the vision token count', () => {
  const bounds: ImageBounds = { minPixels: 56 * 56, maxPixels: 448 * 448, factor: 28 };
  it.each([
    [64, 48],
    [20, 300],
    [448, 448],
    [1024, 1024],
    [1300, 1100],
    [1920, 1080],
    [97, 511],
    [30, 29],
  ])(
    'of a %i×%i image equals the grid of transformers.js Qwen2VLImageProcessor',
    async (width, height) => {
      const processor = new Qwen2VLImageProcessor(
        processorConfig(bounds.minPixels, bounds.maxPixels),
      );
      const image = new RawImage(
        new Uint8ClampedArray(width * height * 3).fill(90),
        width,
        height,
        3,
      );
      const { image_grid_thw } = await processor(image);
      const [, gridH, gridW] = Array.from(image_grid_thw.data as BigInt64Array, Number);
      expect(smartResize(height, width, bounds)).toEqual([
        (gridH as number) * 14,
        (gridW as number) * 14,
      ]);
      expect(imageTokenCount(width, height, bounds)).toBe(
        ((gridH as number) * (gridW as number)) / 4,
      );
    },
  );

  it('is (h/28)·(w/28) within the bounds, and the area stays inside them', () => {
    expect(imageTokenCount(280, 560, bounds)).toBe(10 * 20);
    const qwen: ImageBounds = { minPixels: 3136, maxPixels: 12_845_056, factor: 28 };
    expect(imageTokenCount(1024, 1024, qwen)).toBe(Math.round(1024 / 28) ** 2);
    for (const [w, h] of [
      [1000, 700],
      [3000, 200],
      [50, 60],
    ] as const) {
      const [rh, rw] = smartResize(h, w, bounds);
      expect((rh % 28) + (rw % 28)).toBe(0);
      expect(rh * rw).toBeLessThanOrEqual(bounds.maxPixels);
      expect(rh * rw).toBeGreaterThanOrEqual(bounds.minPixels);
    }
  });

  it("counts the context meter's cases under the processor's default bounds", () => {
    const withDefaults = (b: Partial<ImageBounds> = {}) => ({ ...DEFAULT_IMAGE_BOUNDS, ...b });
    expect(imageTokenCount(224, 224, withDefaults())).toBe(64);
    expect(imageTokenCount(448, 280, withDefaults())).toBe(16 * 10);
    // 1024² is above the default 1280 blocks: scaled down to 35 × 35.
    expect(imageTokenCount(1024, 1024, withDefaults())).toBe(35 * 35);
    // The demo model caps an image at 448 × 448 pixels.
    expect(imageTokenCount(1024, 1024, withDefaults({ maxPixels: 448 * 448 }))).toBe(256);
    // A tiny image is enlarged to at least min_pixels.
    expect(imageTokenCount(20, 20, withDefaults())).toBe(4);
    expect(imageTokenCount(500, 300, withDefaults())).toBe(18 * 11);
  });
});

describe('the pixel bounds of a detail level', () => {
  const model: ImageBounds = { minPixels: 3136, maxPixels: 12_845_056, factor: 28 };
  it("keeps the model's for auto and caps or lifts them for low and high", () => {
    expect(resolveImageBounds(model, { detail: 'auto' })).toEqual(model);
    expect(resolveImageBounds(model, { detail: 'low' }).maxPixels).toBe(LOW_DETAIL_MAX_PIXELS);
    expect(resolveImageBounds(model, { detail: 'high' })).toEqual({
      ...model,
      minPixels: HIGH_DETAIL_MIN_PIXELS,
    });
    const small: ImageBounds = { minPixels: 3136, maxPixels: 448 * 448, factor: 28 };
    expect(resolveImageBounds(small, { detail: 'high' }).maxPixels).toBe(MODEL_MAX_PIXELS);
    // A 512×512 CT frame: fewer tokens at low, more at high.
    const tokens = (detail: 'low' | 'auto' | 'high') =>
      imageTokenCount(512, 512, resolveImageBounds(model, { detail }));
    expect(tokens('low')).toBeLessThan(tokens('auto'));
    expect(tokens('high')).toBeGreaterThan(tokens('auto'));
  });

  it('lets explicit min and max pixels win over the level', () => {
    expect(resolveImageBounds(model, { detail: 'low', maxPixels: 1_000_000 }).maxPixels).toBe(
      1_000_000,
    );
    expect(resolveImageBounds(model, { detail: 'high', maxPixels: 100_000 })).toEqual({
      factor: 28,
      minPixels: 100_000,
      maxPixels: 100_000,
    });
    expect(resolveImageBounds(model, { minPixels: 20_000_000 }).maxPixels).toBe(20_000_000);
  });
});
