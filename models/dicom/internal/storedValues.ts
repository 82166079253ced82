import type { DicomImageInfo } from '../readImageInfo';

/** Stored pixel values of one frame, typed by Bits Allocated and Pixel Representation. */
export type StoredPixels =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** An empty array of the type that holds this image's stored values. */
export function allocateStored(
  info: Pick<DicomImageInfo, 'bitsAllocated' | 'pixelRepresentation'>,
  length: number,
): StoredPixels {
  const signed = info.pixelRepresentation === 1;
  if (info.bitsAllocated <= 8) return signed ? new Int8Array(length) : new Uint8Array(length);
  if (info.bitsAllocated <= 16) return signed ? new Int16Array(length) : new Uint16Array(length);
  return signed ? new Int32Array(length) : new Uint32Array(length);
}

/**
 * Copies raw pixel cells into stored values: shifts by High Bit, masks to
 * Bits Stored, and sign-extends two's complement values (PS3.5 8.1.1,
 * PS3.3 C.7.6.3.1.4). Bits above High Bit (old overlay planes) are dropped.
 */
export function toStoredValues(
  raw: ArrayLike<number>,
  info: Pick<DicomImageInfo, 'bitsAllocated' | 'bitsStored' | 'pixelRepresentation'>,
  highBit: number,
): StoredPixels {
  const out = allocateStored(info, raw.length);
  const bits = info.bitsStored;
  const shift = highBit + 1 - bits;
  const signed = info.pixelRepresentation === 1;
  if (shift === 0 && bits === info.bitsAllocated) {
    out.set(raw as ArrayLike<number>);
    return out;
  }
  if (bits < 32) {
    // Integer bit operations: shift out the low bits, mask, sign-extend by a shift pair.
    const mask = bits === 31 ? 0x7fffffff : (1 << bits) - 1;
    const up = 32 - bits;
    if (signed)
      for (let i = 0; i < raw.length; i++) out[i] = (((raw[i]! >>> shift) & mask) << up) >> up;
    else for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! >>> shift) & mask;
    return out;
  }
  out.set(raw as ArrayLike<number>);
  return out;
}
