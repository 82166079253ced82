import { PNG } from 'pngjs';
import type { RenderedFrame } from '../renderFrame';

/** An 8-bit PNG of a rendered frame: one grey channel for grey images, RGB for colour. */
export function encodePng(
  frame: Pick<RenderedFrame, 'width' | 'height' | 'rgba' | 'grayscale'>,
): Buffer {
  const png = new PNG({ width: frame.width, height: frame.height });
  png.data = Buffer.from(frame.rgba.buffer, frame.rgba.byteOffset, frame.rgba.byteLength);
  return PNG.sync.write(png, {
    colorType: frame.grayscale ? 0 : 2,
    inputColorType: 6,
    inputHasAlpha: true,
  });
}

/** Decodes a PNG to RGBA (tests and tools). */
export function decodePng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return {
    width: png.width,
    height: png.height,
    rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
  };
}
