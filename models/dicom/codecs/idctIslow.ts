// IJG's accurate integer inverse DCT ("islow", jidctint.c of libjpeg 6b, the
// Loeffler-Ligtenberg-Moschytz algorithm with 13-bit constants): the one
// dcmtk's libijg8/libijg12 run by default, so our 12-bit samples match
// `dcmdjpeg` exactly rather than within the ±1 a float IDCT would give.
const CONST_BITS = 13;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

const workspace = new Float64Array(64);

/** IJG's range limit: 0..MAXJSAMPLE. */
const clamp = (s: number, max: number) => (s < 0 ? 0 : s > max ? max : s);

/**
 * Dequantises and inverse-transforms the block of natural-order coefficients
 * at `coefficients[offset..offset+64)` with quantisation table `q` (natural
 * order), writing the 8x8 level-shifted, range-limited samples to `out` at
 * `outOffset` with row stride `outStride`. Written out in full (no helper
 * calls in the loops): this is the decoder's hot path.
 */
export function idctBlock(
  coefficients: Int16Array,
  offset: number,
  q: Int32Array,
  out: Uint8Array | Uint16Array,
  outOffset: number,
  outStride: number,
  precision: number,
): void {
  // libjpeg keeps one more bit through pass 1 for 8-bit data than for 12-bit (jidctint.c).
  const pass1Bits = precision > 8 ? 1 : 2;
  // IJG's DESCALE, x + round >> n, as floor((x + round) * 2^-n): exact in doubles (a power of
  // two), and a multiplication is several times cheaper than the division it replaces.
  const shift1 = 2 ** (CONST_BITS - pass1Bits);
  const round1 = shift1 / 2;
  const inv1 = 1 / shift1;
  const shift2 = 2 ** (CONST_BITS + pass1Bits + 3);
  const round2 = shift2 / 2;
  const inv2 = 1 / shift2;
  const scale = 2 ** CONST_BITS;
  const ws = workspace;
  for (let col = 0; col < 8; col++) {
    const i = offset + col;
    const c1 = coefficients[i + 8]!;
    const c2 = coefficients[i + 16]!;
    const c3 = coefficients[i + 24]!;
    const c4 = coefficients[i + 32]!;
    const c5 = coefficients[i + 40]!;
    const c6 = coefficients[i + 48]!;
    const c7 = coefficients[i + 56]!;
    const d0 = coefficients[i]! * q[col]!;
    if ((c1 | c2 | c3 | c4 | c5 | c6 | c7) === 0) {
      const dc = d0 * 2 ** pass1Bits;
      for (let r = 0; r < 64; r += 8) ws[col + r] = dc;
      continue;
    }
    const d1 = c1 * q[col + 8]!;
    const d2 = c2 * q[col + 16]!;
    const d3 = c3 * q[col + 24]!;
    const d4 = c4 * q[col + 32]!;
    const d5 = c5 * q[col + 40]!;
    const d6 = c6 * q[col + 48]!;
    const d7 = c7 * q[col + 56]!;
    // Even part.
    let z1 = (d2 + d6) * FIX_0_541196100;
    const t2 = z1 + d6 * -FIX_1_847759065;
    const t3 = z1 + d2 * FIX_0_765366865;
    const t0 = (d0 + d4) * scale;
    const t1 = (d0 - d4) * scale;
    const e10 = t0 + t3;
    const e13 = t0 - t3;
    const e11 = t1 + t2;
    const e12 = t1 - t2;
    // Odd part.
    z1 = d7 + d1;
    let z2 = d5 + d3;
    let z3 = d7 + d3;
    let z4 = d5 + d1;
    const z5 = (z3 + z4) * FIX_1_175875602;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    const o0 = d7 * FIX_0_298631336 + z1 + z3;
    const o1 = d5 * FIX_2_053119869 + z2 + z4;
    const o2 = d3 * FIX_3_072711026 + z2 + z3;
    const o3 = d1 * FIX_1_501321110 + z1 + z4;
    ws[col] = Math.floor((e10 + o3 + round1) * inv1);
    ws[col + 56] = Math.floor((e10 - o3 + round1) * inv1);
    ws[col + 8] = Math.floor((e11 + o2 + round1) * inv1);
    ws[col + 48] = Math.floor((e11 - o2 + round1) * inv1);
    ws[col + 16] = Math.floor((e12 + o1 + round1) * inv1);
    ws[col + 40] = Math.floor((e12 - o1 + round1) * inv1);
    ws[col + 24] = Math.floor((e13 + o0 + round1) * inv1);
    ws[col + 32] = Math.floor((e13 - o0 + round1) * inv1);
  }
  const center = precision > 8 ? 2048 : 128;
  const max = precision > 8 ? 4095 : 255;
  for (let row = 0; row < 8; row++) {
    const w = row * 8;
    const d0 = ws[w]!;
    const d1 = ws[w + 1]!;
    const d2 = ws[w + 2]!;
    const d3 = ws[w + 3]!;
    const d4 = ws[w + 4]!;
    const d5 = ws[w + 5]!;
    const d6 = ws[w + 6]!;
    const d7 = ws[w + 7]!;
    const at = outOffset + row * outStride;
    if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0 && d5 === 0 && d6 === 0 && d7 === 0) {
      // Row of DC only: all eight outputs equal (jidctint.c's shortcut, same value).
      const v = clamp(Math.floor((d0 * scale + round2) * inv2) + center, max);
      out.fill(v, at, at + 8);
      continue;
    }
    let z1 = (d2 + d6) * FIX_0_541196100;
    const t2 = z1 + d6 * -FIX_1_847759065;
    const t3 = z1 + d2 * FIX_0_765366865;
    const t0 = (d0 + d4) * scale;
    const t1 = (d0 - d4) * scale;
    const e10 = t0 + t3;
    const e13 = t0 - t3;
    const e11 = t1 + t2;
    const e12 = t1 - t2;
    z1 = d7 + d1;
    let z2 = d5 + d3;
    let z3 = d7 + d3;
    let z4 = d5 + d1;
    const z5 = (z3 + z4) * FIX_1_175875602;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    const o0 = d7 * FIX_0_298631336 + z1 + z3;
    const o1 = d5 * FIX_2_053119869 + z2 + z4;
    const o2 = d3 * FIX_3_072711026 + z2 + z3;
    const o3 = d1 * FIX_1_501321110 + z1 + z4;
    out[at] = clamp(Math.floor((e10 + o3 + round2) * inv2) + center, max);
    out[at + 7] = clamp(Math.floor((e10 - o3 + round2) * inv2) + center, max);
    out[at + 1] = clamp(Math.floor((e11 + o2 + round2) * inv2) + center, max);
    out[at + 6] = clamp(Math.floor((e11 - o2 + round2) * inv2) + center, max);
    out[at + 2] = clamp(Math.floor((e12 + o1 + round2) * inv2) + center, max);
    out[at + 5] = clamp(Math.floor((e12 - o1 + round2) * inv2) + center, max);
    out[at + 3] = clamp(Math.floor((e13 + o0 + round2) * inv2) + center, max);
    out[at + 4] = clamp(Math.floor((e13 - o0 + round2) * inv2) + center, max);
  }
}
