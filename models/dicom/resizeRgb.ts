/**
 * Area-average downscale of packed 8-bit pixels (`channels` per pixel). Each
 * output pixel averages the source rectangle it covers, weighted by overlap,
 * so thin structures fade instead of aliasing away.
 */
export function resizeArea(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Uint8Array<ArrayBuffer> {
  if (outWidth === width && outHeight === height) return src.slice();
  const out = new Uint8Array(outWidth * outHeight * channels);
  const sx = width / outWidth;
  const sy = height / outHeight;
  const acc = new Float64Array(channels);
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = oy * sy;
    const y1 = Math.min((oy + 1) * sy, height);
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = ox * sx;
      const x1 = Math.min((ox + 1) * sx, width);
      acc.fill(0);
      let total = 0;
      for (let y = Math.floor(y0); y < y1; y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < x1; x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const at = (y * width + x) * channels;
          for (let c = 0; c < channels; c++) acc[c]! += src[at + c]! * w;
          total += w;
        }
      }
      const o = (oy * outWidth + ox) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = Math.round(acc[c]! / total);
    }
  }
  return out;
}

/** The largest size with the same aspect ratio and at most `maxPixels` pixels (never upscaled). */
export function fitWithin(
  width: number,
  height: number,
  maxPixels: number,
): { width: number; height: number } {
  if (width * height <= maxPixels) return { width, height };
  const scale = Math.sqrt(maxPixels / (width * height));
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
  };
}
