import { describe, expect, it } from 'vitest';
import { strokeBoxesRgb } from './strokeBoxesRgb';

const grey = (width: number, height: number) => ({
  width,
  height,
  rgb: new Uint8Array(width * height * 3).fill(50),
});
const at = (rgb: Uint8Array, width: number, x: number, y: number) =>
  Array.from(rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));

describe('strokeBoxesRgb', () => {
  it('outlines a box inside its edge and leaves its inside, its outside and the original alone', () => {
    const image = grey(9, 7);
    const out = strokeBoxesRgb(image, [{ box: [2, 1, 7, 6] }], {
      thickness: 1,
      color: [255, 0, 0],
    });
    expect(at(out, 9, 2, 1)).toEqual([255, 0, 0]);
    expect(at(out, 9, 6, 5)).toEqual([255, 0, 0]);
    expect(at(out, 9, 4, 3)).toEqual([50, 50, 50]);
    expect(at(out, 9, 7, 3)).toEqual([50, 50, 50]);
    expect(at(out, 9, 1, 3)).toEqual([50, 50, 50]);
    expect(image.rgb.every((v) => v === 50)).toBe(true);
  });

  it('draws a point as a cross and clips what falls off the image', () => {
    const out = strokeBoxesRgb(grey(5, 5), [{ box: [0.5, 0.5, 0.5, 0.5], point: true }], {
      thickness: 1,
      color: [0, 255, 0],
    });
    expect(at(out, 5, 0, 0)).toEqual([0, 255, 0]);
    expect(at(out, 5, 4, 0)).toEqual([0, 255, 0]);
    expect(at(out, 5, 0, 4)).toEqual([0, 255, 0]);
    expect(at(out, 5, 2, 2)).toEqual([50, 50, 50]);
    expect(out).toHaveLength(75);
  });
});
