import { describe, expect, it } from 'vitest';
import { orientPixels, type Orientation } from './orientPixels';
import { applyAffine, composeAffine, invertAffine, mapBox, orientationAffine } from './pixelAffine';

const orientations: Orientation[] = [0, 90, 180, 270, -90, 450].flatMap((rotation) =>
  [false, true].flatMap((hflip) => [false, true].map((vflip) => ({ rotation, hflip, vflip }))),
);

describe('orientationAffine', () => {
  it('sends the centre of every pixel where orientPixels puts that pixel', () => {
    const width = 5;
    const height = 3;
    // Each pixel holds its own index, so the oriented image says where each one went.
    const src = Uint8Array.from({ length: width * height }, (_, i) => i);
    for (const o of orientations) {
      const out = orientPixels(src, width, height, 1, o);
      const map = orientationAffine(width, height, o);
      for (let i = 0; i < src.length; i++) {
        const [x, y] = applyAffine(map, (i % width) + 0.5, Math.floor(i / width) + 0.5);
        const at = Math.floor(y) * out.width + Math.floor(x);
        expect(out.pixels[at], `${JSON.stringify(o)} pixel ${i}`).toBe(i);
      }
    }
  });

  it('is undone by its inverse, and a box through both comes back ordered and unchanged', () => {
    for (const o of orientations) {
      const map = orientationAffine(333, 517, o);
      const back = composeAffine(invertAffine(map), map);
      expect(mapBox(back, [10, 20, 30.5, 40])).toEqual(
        [10, 20, 30.5, 40].map((v) => expect.closeTo(v, 9)),
      );
      const [x1, y1, x2, y2] = mapBox(map, [10, 20, 30, 40]);
      expect(x1 <= x2 && y1 <= y2).toBe(true);
    }
  });

  it('refuses to invert a map that flattens the plane', () => {
    expect(() => invertAffine([1, 2, 0, 2, 4, 0])).toThrow(
      'invertAffine: the map is not invertible',
    );
  });
});
