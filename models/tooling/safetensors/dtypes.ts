/**
 * The safetensors dtypes this project reads and writes, with their element
 * sizes, and the half-precision conversions (F16 is IEEE 754 binary16; BF16 is
 * the upper half of a binary32, see the safetensors format spec).
 */
export const dtypeSizes = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 } as const;
export type SafetensorsDtype = keyof typeof dtypeSizes;
export const floatDtypes: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16'];

export function isDtype(value: string): value is SafetensorsDtype {
  return Object.hasOwn(dtypeSizes, value);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** binary16 bits → number (exact: every binary16 value is a binary32 value). */
export function f16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let f16Table: Float32Array | undefined;
/** All 65,536 binary16 values, built once (256 KB) so decoding is one lookup. */
function f16Lookup(): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16BitsToNumber(h);
  }
  return f16Table;
}

/** number → binary16 bits, round to nearest even, overflow to ±Inf, subnormals kept. */
export function numberToF16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal binary16 (or zero): shift the implicit 1 in and round.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let h = mantissa >>> shift;
    if (rest > half || (rest === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Carry from rounding may bump the exponent, up to Inf: both are correct.
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** number → bfloat16 bits, round to nearest even (NaN stays a quiet NaN). */
export function numberToBf16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) & 0x8000) | 0x7fc0;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Decodes raw little-endian float bytes of `dtype` into a Float32Array. */
export function decodeFloats(dtype: SafetensorsDtype, bytes: Uint8Array): Float32Array {
  const n = bytes.byteLength / dtypeSizes[dtype];
  if (dtype === 'F32') {
    if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n);
    return new Float32Array(bytes.slice().buffer);
  }
  if (dtype !== 'F16' && dtype !== 'BF16')
    throw new Error(`decodeFloats: ${dtype} is not a float dtype`);
  const halves =
    bytes.byteOffset % 2 === 0
      ? new Uint16Array(bytes.buffer, bytes.byteOffset, n)
      : new Uint16Array(bytes.slice().buffer);
  const out = new Float32Array(n);
  if (dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = halves[i]! << 16;
  } else {
    const table = f16Lookup();
    for (let i = 0; i < n; i++) out[i] = table[halves[i]!]!;
  }
  return out;
}

/** Encodes floats as little-endian bytes of `dtype` (F32 input is viewed, not copied). */
export function encodeFloats(dtype: SafetensorsDtype, values: Float32Array): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (dtype !== 'F16' && dtype !== 'BF16')
    throw new Error(`encodeFloats: ${dtype} is not a float dtype`);
  const out = new Uint16Array(values.length);
  if (dtype === 'BF16') {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    for (let i = 0; i < values.length; i++) {
      const x = bits[i]!;
      out[i] =
        (x & 0x7fffffff) > 0x7f800000
          ? ((x >>> 16) & 0x8000) | 0x7fc0
          : ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
    }
  } else {
    for (let i = 0; i < values.length; i++) out[i] = numberToF16Bits(values[i]!);
  }
  return new Uint8Array(out.buffer);
}
