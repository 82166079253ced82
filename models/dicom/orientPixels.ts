/** How the viewer shows the image: quarter-turn rotation (clockwise) and mirroring, as cornerstone applies them. */
export interface Orientation {
  rotation: number;
  hflip: boolean;
  vflip: boolean;
}

/**
 * Applies the viewer's flips, then its clockwise rotation (snapped to a
 * quarter turn), to packed pixels, so the model sees the frame the way the
 * user does. Returns the new pixels and size.
 */
export function orientPixels(
  src: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
  { rotation, hflip, vflip }: Orientation,
): { pixels: Uint8Array; width: number; height: number } {
  const turns = ((Math.round(rotation / 90) % 4) + 4) % 4;
  const outWidth = turns % 2 === 0 ? width : height;
  const outHeight = turns % 2 === 0 ? height : width;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const fx = hflip ? width - 1 - x : x;
      const fy = vflip ? height - 1 - y : y;
      // (fx, fy) in the flipped image goes to (ox, oy) after `turns` clockwise quarter turns.
      let ox = fx;
      let oy = fy;
      if (turns === 1) [ox, oy] = [height - 1 - fy, fx];
      else if (turns === 2) [ox, oy] = [width - 1 - fx, height - 1 - fy];
      else if (turns === 3) [ox, oy] = [fy, width - 1 - fx];
      const from = (y * width + x) * channels;
      const to = (oy * outWidth + ox) * channels;
      for (let c = 0; c < channels; c++) out[to + c] = src[from + c]!;
    }
  }
  return { pixels: out, width: outWidth, height: outHeight };
}
