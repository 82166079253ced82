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

const workspace = new Int32Array(64);

const descale = (x: number, n: number) => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/**
 * Dequantises and inverse-transforms the block of natural-order coefficients
 * at `coefficients[offset..offset+64)` with quantisation table `q` (natural
 * order), writing 64 level-shifted, range-limited samples to `out`.
 */
export function idctBlock(
  coefficients: Int32Array,
  offset: number,
  q: Int32Array,
  out: Uint16Array,
  precision: number,
): void {
  // libjpeg keeps one more bit through pass 1 for 8-bit data than for 12-bit (jidctint.c).
  const pass1Bits = precision > 8 ? 1 : 2;
  const ws = workspace;
  for (let col = 0; col < 8; col++) {
    const i = offset + col;
    const dq = (row: number) => coefficients[i + row * 8]! * q[col + row * 8]!;
    if (
      coefficients[i + 8] === 0 &&
      coefficients[i + 16] === 0 &&
      coefficients[i + 24] === 0 &&
      coefficients[i + 32] === 0 &&
      coefficients[i + 40] === 0 &&
      coefficients[i + 48] === 0 &&
      coefficients[i + 56] === 0
    ) {
      const dc = dq(0) * 2 ** pass1Bits;
      for (let r = 0; r < 8; r++) ws[col + r * 8] = dc;
      continue;
    }
    butterfly(
      dq(0),
      dq(1),
      dq(2),
      dq(3),
      dq(4),
      dq(5),
      dq(6),
      dq(7),
      CONST_BITS - pass1Bits,
      (r, v) => {
        ws[col + r * 8] = v;
      },
    );
  }
  const center = precision > 8 ? 2048 : 128;
  const max = precision > 8 ? 4095 : 255;
  for (let row = 0; row < 8; row++) {
    const w = row * 8;
    butterfly(
      ws[w]!,
      ws[w + 1]!,
      ws[w + 2]!,
      ws[w + 3]!,
      ws[w + 4]!,
      ws[w + 5]!,
      ws[w + 6]!,
      ws[w + 7]!,
      CONST_BITS + pass1Bits + 3,
      (c, v) => {
        const s = v + center;
        out[w + c] = s < 0 ? 0 : s > max ? max : s;
      },
    );
  }
}

/** One 8-point 1-D pass of jidctint.c; `put(index, value)` receives the descaled outputs. */
function butterfly(
  in0: number,
  in1: number,
  in2: number,
  in3: number,
  in4: number,
  in5: number,
  in6: number,
  in7: number,
  shift: number,
  put: (index: number, value: number) => void,
): void {
  // Even part.
  let z2 = in2;
  let z3 = in6;
  let z1 = (z2 + z3) * FIX_0_541196100;
  const tmp2e = z1 + z3 * -FIX_1_847759065;
  const tmp3e = z1 + z2 * FIX_0_765366865;
  z2 = in0;
  z3 = in4;
  const tmp0e = (z2 + z3) * 2 ** CONST_BITS;
  const tmp1e = (z2 - z3) * 2 ** CONST_BITS;
  const tmp10 = tmp0e + tmp3e;
  const tmp13 = tmp0e - tmp3e;
  const tmp11 = tmp1e + tmp2e;
  const tmp12 = tmp1e - tmp2e;
  // Odd part.
  let tmp0 = in7;
  let tmp1 = in5;
  let tmp2 = in3;
  let tmp3 = in1;
  z1 = tmp0 + tmp3;
  z2 = tmp1 + tmp2;
  z3 = tmp0 + tmp2;
  let z4 = tmp1 + tmp3;
  const z5 = (z3 + z4) * FIX_1_175875602;
  tmp0 *= FIX_0_298631336;
  tmp1 *= FIX_2_053119869;
  tmp2 *= FIX_3_072711026;
  tmp3 *= FIX_1_501321110;
  z1 *= -FIX_0_899976223;
  z2 *= -FIX_2_562915447;
  z3 = z3 * -FIX_1_961570560 + z5;
  z4 = z4 * -FIX_0_390180644 + z5;
  tmp0 += z1 + z3;
  tmp1 += z2 + z4;
  tmp2 += z2 + z3;
  tmp3 += z1 + z4;
  put(0, descale(tmp10 + tmp3, shift));
  put(7, descale(tmp10 - tmp3, shift));
  put(1, descale(tmp11 + tmp2, shift));
  put(6, descale(tmp11 - tmp2, shift));
  put(2, descale(tmp12 + tmp1, shift));
  put(5, descale(tmp12 - tmp1, shift));
  put(3, descale(tmp13 + tmp0, shift));
  put(4, descale(tmp13 - tmp0, shift));
}
