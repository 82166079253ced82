import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeRgbPng } from './encodeRgbPng';

describe('encodeRgbPng', () => {
  it('writes a PNG that an independent decoder reads back as exactly the given RGB pixels', () => {
    // 3×2: red, grey, blue / black, white, a mid green; odd width checks the row stride.
    const rgb = new Uint8Array([
      255, 0, 0, 90, 90, 90, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0, 128, 0,
    ]);
    const png = PNG.sync.read(Buffer.from(encodeRgbPng({ width: 3, height: 2, rgb })));
    expect([png.width, png.height]).toEqual([3, 2]);
    const decoded = [...png.data].filter((_, i) => i % 4 !== 3);
    expect(decoded).toEqual([...rgb]);
    expect([...png.data].filter((_, i) => i % 4 === 3)).toEqual([255, 255, 255, 255, 255, 255]);
  });

  it('refuses pixels whose length does not match the size, in one sentence', () => {
    expect(() => encodeRgbPng({ width: 2, height: 2, rgb: new Uint8Array(11) })).toThrow(
      'encodeRgbPng: 2×2 RGB needs 12 bytes, got 11',
    );
  });
});
