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

/** A dark "chest" with one bright round opacity (mean stays dark), so a teaching screenshot shows something. */
export function nodulePng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const cx = size * 0.62;
  const cy = size * 0.4;
  const r = size * 0.07;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const lung =
        Math.hypot((x - size * 0.5) / (size * 0.42), (y - size * 0.5) / (size * 0.46)) < 1;
      const nodule = Math.hypot(x - cx, y - cy) < r;
      const v = nodule ? 230 : lung ? 28 + ((x * 7 + y * 13) % 9) : 70;
      png.data[i] = v;
      png.data[i + 1] = v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
