/**
 * Test-side JPEG lossless encoder (ITU T.81 process 14, Annex H) for the
 * cases dcmcjpeg cannot write: any predictor with restart intervals and
 * byte-stuffed data. One Huffman table with a fixed code per category,
 * Huffman codes of F.1.2.1, no point transform.
 */
export function encodeJpegLossless(
  samples: ArrayLike<number>,
  {
    width,
    height,
    components = 1,
    precision,
    predictor = 1,
    restartInterval = 0,
  }: {
    width: number;
    height: number;
    components?: 1 | 3;
    precision: number;
    predictor?: number;
    restartInterval?: number;
  },
): Uint8Array {
  // Category s (0..16) has a code of length 2 for s <= 2, else s (3..15), and 16 for s = 16.
  const counts = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
  const values = Array.from({ length: 17 }, (_, s) => s);
  const codes: { code: number; length: number }[] = [];
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++, code <<= 1)
    for (let j = 0; j < counts[len - 1]!; j++) codes[values[k++]!] = { code: code++, length: len };

  const out: number[] = [0xff, 0xd8];
  const segment = (marker: number, body: number[]) =>
    out.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  const ids = Array.from({ length: components }, (_, c) => c + 1);
  segment(0xc4, [0x00, ...counts, ...values]);
  if (restartInterval > 0) segment(0xdd, [restartInterval >> 8, restartInterval & 0xff]);
  segment(0xc3, [
    precision,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    components,
    ...ids.flatMap((id) => [id, 0x11, 0]),
  ]);
  segment(0xda, [components, ...ids.flatMap((id) => [id, 0x00]), predictor, 0, 0]);

  let acc = 0;
  let bits = 0;
  const put = (value: number, length: number) => {
    for (let b = length - 1; b >= 0; b--) {
      acc = (acc << 1) | ((value >> b) & 1);
      if (++bits === 8) {
        out.push(acc);
        if (acc === 0xff) out.push(0); // F.1.2.3 byte stuffing
        acc = 0;
        bits = 0;
      }
    }
  };
  const flush = () => {
    if (bits > 0) put(0xff, 8 - bits); // pad with 1-bits
  };
  const range = 2 ** 16;
  const at = (x: number, y: number, c: number) => samples[(y * width + x) * components + c]!;
  let rowInInterval = 0;
  let restarts = 0;
  let sinceRestart = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (restartInterval > 0 && sinceRestart === restartInterval) {
        flush();
        out.push(0xff, 0xd0 + (restarts++ % 8));
        sinceRestart = 0;
        rowInInterval = 0;
      }
      if (x === 0 && sinceRestart > 0) rowInInterval++;
      for (let c = 0; c < components; c++) {
        // H.1.2.1: 2^(P-1) at the start of the image or an interval, Ra on its first row, Rb in the first column.
        let p: number;
        if (sinceRestart === 0) p = 2 ** (precision - 1);
        else if (rowInInterval === 0) p = at(x - 1, y, c);
        else if (x === 0) p = at(x, y - 1, c);
        else {
          const a = at(x - 1, y, c);
          const b = at(x, y - 1, c);
          const cc = at(x - 1, y - 1, c);
          p = [0, a, b, cc, a + b - cc, a + ((b - cc) >> 1), b + ((a - cc) >> 1), (a + b) >> 1][
            predictor
          ]!;
        }
        let diff = (((at(x, y, c) - p) % range) + range) % range;
        if (diff > 32768) diff -= range;
        const magnitude = Math.abs(diff);
        const s = diff === 32768 ? 16 : magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
        put(codes[s]!.code, codes[s]!.length);
        if (s > 0 && s < 16) put(diff < 0 ? diff - 1 + 2 ** s : diff, s);
      }
      sinceRestart++;
    }
  }
  flush();
  out.push(0xff, 0xd9);
  return Uint8Array.from(out);
}
