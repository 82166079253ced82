import { describe, expect, it } from 'vitest';
import { orientPixels } from '../../../../models/dicom/index';
import { viewPoint } from './viewPoint';

describe('viewPoint', () => {
  it('moves a point the way orientPixels moves the pixel under it, for every flip and turn', () => {
    const width = 5;
    const height = 3;
    for (const rotation of [0, 90, 180, 270])
      for (const hflip of [false, true])
        for (const vflip of [false, true]) {
          const orientation = { rotation, hflip, vflip };
          for (let y = 0; y < height; y++)
            for (let x = 0; x < width; x++) {
              const src = new Uint8Array(width * height);
              src[y * width + x] = 1;
              const out = orientPixels(src, width, height, 1, orientation);
              const lit = out.pixels.indexOf(1);
              const p = viewPoint({ x: x + 0.5, y: y + 0.5 }, { width, height }, orientation, {
                width: out.width,
                height: out.height,
              });
              expect([Math.floor(p.x), Math.floor(p.y)], JSON.stringify(orientation)).toEqual([
                lit % out.width,
                Math.floor(lit / out.width),
              ]);
            }
        }
  });

  it('scales to the capped size the model gets', () => {
    const p = viewPoint(
      { x: 1000, y: 500 },
      { width: 2000, height: 1000 },
      { rotation: 0, hflip: false, vflip: false },
      { width: 1448, height: 724 },
    );
    expect(p).toEqual({ x: 724, y: 362 });
  });
});
