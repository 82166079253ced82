import { PNG } from 'pngjs';

/** A PNG made on the spot: a horizontal grey ramp, so size and content are known. */
export function rampPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = Math.round((x / (width - 1)) * 255);
      png.data[i] = v;
      png.data[i + 1] = v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** A PNG of one grey level: dark (< 128) or bright, for the scripted models' rules. */
export function solidPng(width: number, height: number, grey: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = grey;
    png.data[i * 4 + 1] = grey;
    png.data[i * 4 + 2] = grey;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
