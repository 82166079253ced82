import { describe, expect, it } from 'vitest';
import { orientPixels } from './orientPixels';

// 3×2 one-channel image:  1 2 3
//                         4 5 6
const src = Uint8Array.from([1, 2, 3, 4, 5, 6]);
const orient = (rotation: number, hflip = false, vflip = false) => {
  const { pixels, width, height } = orientPixels(src, 3, 2, 1, { rotation, hflip, vflip });
  return {
    rows: Array.from({ length: height }, (_, y) =>
      Array.from(pixels.slice(y * width, y * width + width)),
    ),
  };
};

describe('orientPixels', () => {
  it('rotates clockwise by quarter turns as the viewer shows it', () => {
    expect(orient(0).rows).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(orient(90).rows).toEqual([
      [4, 1],
      [5, 2],
      [6, 3],
    ]);
    expect(orient(180).rows).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(orient(270).rows).toEqual([
      [3, 6],
      [2, 5],
      [1, 4],
    ]);
  });

  it('mirrors before rotating', () => {
    expect(orient(0, true).rows).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(orient(0, false, true).rows).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(orient(90, true).rows).toEqual([
      [6, 3],
      [5, 2],
      [4, 1],
    ]);
  });
});
