/**
 * Test-side RLE Lossless encoder (PS3.5 Annex G): one PackBits segment per
 * byte of each sample, most significant byte first. `samples` are
 * pixel-interleaved stored values.
 */
export function encodeRle(
  samples: ArrayLike<number>,
  { samplesPerPixel, bytesPerSample }: { samplesPerPixel: number; bytesPerSample: number },
): Uint8Array {
  const pixels = samples.length / samplesPerPixel;
  const segments: Uint8Array[] = [];
  for (let s = 0; s < samplesPerPixel; s++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++)
        plane[p] = Math.floor((samples[p * samplesPerPixel + s]! >>> 0) / 2 ** (8 * b)) & 0xff;
      segments.push(packBits(plane));
    }
  }
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, i) => {
    view.setUint32(4 + 4 * i, offset, true);
    offset += seg.length;
  });
  const out = new Uint8Array(offset + (offset % 2));
  out.set(header);
  let at = 64;
  for (const seg of segments) {
    out.set(seg, at);
    at += seg.length;
  }
  return out;
}

function packBits(plane: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < plane.length) {
    let run = 1;
    while (i + run < plane.length && run < 128 && plane[i + run] === plane[i]) run++;
    if (run >= 2) {
      out.push(257 - run, plane[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (
      i < plane.length &&
      i - start < 128 &&
      !(i + 1 < plane.length && plane[i + 1] === plane[i])
    )
      i++;
    if (i === start) i++;
    out.push(i - start - 1, ...plane.subarray(start, i));
  }
  return Uint8Array.from(out);
}
