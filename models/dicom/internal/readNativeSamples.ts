import type { DicomImageInfo } from '../readImageInfo';
import { interleavePlanes } from './interleavePlanes';
import { toStoredValues, type StoredPixels } from './storedValues';

/**
 * Native (uncompressed) pixel cells of one frame to pixel-interleaved stored
 * values. Handles 1-bit packing (PS3.5 8.1.1: little bit first), byte order,
 * the OW 8-bit big-endian word swap (PS3.5 Annex D note), planar
 * configuration 1 and the 2:1 horizontal subsampling of YBR_FULL_422.
 */
export function readNativeSamples(
  bytes: Uint8Array,
  info: DicomImageInfo,
  options: {
    bitOffset?: number;
    bigEndian?: boolean;
    owWordSwap?: boolean;
    planar?: boolean;
    highBit?: number;
  },
): StoredPixels {
  const pixels = info.rows * info.columns;
  const spp = info.samplesPerPixel;
  const highBit = options.highBit ?? info.highBit;
  let raw: ArrayLike<number>;
  if (info.bitsAllocated === 1) {
    const bits = new Uint8Array(pixels * spp);
    const offset = options.bitOffset ?? 0;
    for (let i = 0; i < bits.length; i++) {
      const bit = offset + i;
      bits[i] = (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
    return toStoredValues(bits, { ...info, bitsStored: 1 }, 0);
  }
  const is422 =
    (info.photometricInterpretation === 'YBR_FULL_422' ||
      info.photometricInterpretation === 'YBR_PARTIAL_422') &&
    spp === 3 &&
    !options.planar;
  const cells = is422 ? pixels * 2 : pixels * spp;
  const bytesPerCell = info.bitsAllocated / 8;
  const swap = (options.bigEndian === true && bytesPerCell > 1) || options.owWordSwap === true;
  // toStoredValues copies into a new array anyway, so read the cells in place unless
  // bytes must be swapped or the offset does not suit a 16/32-bit view.
  const copy =
    swap ||
    bytes.byteOffset % bytesPerCell !== 0 ||
    bytes.length < cells * bytesPerCell ||
    !littleEndian
      ? bytes.slice(0, cells * bytesPerCell)
      : bytes;
  if (options.bigEndian && bytesPerCell > 1) swapBytes(copy, bytesPerCell);
  if (options.owWordSwap && bytesPerCell === 1) swapBytes(copy, 2);
  if (bytesPerCell === 1) raw = copy.subarray(0, cells);
  else if (bytesPerCell === 2) raw = new Uint16Array(copy.buffer, copy.byteOffset, cells);
  else raw = new Uint32Array(copy.buffer, copy.byteOffset, cells);
  let stored = toStoredValues(raw, info, highBit);
  if (is422) stored = expand422(stored, pixels);
  else if (spp === 3 && (options.planar ?? info.planarConfiguration === 1))
    stored = interleavePlanes(stored, pixels);
  return stored;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/** YBR_FULL_422: Y1 Y2 Cb Cr per pixel pair (PS3.3 C.7.6.3.1.2) to Y Cb Cr per pixel. */
function expand422(cells: StoredPixels, pixels: number): StoredPixels {
  const out = new (cells.constructor as new (n: number) => StoredPixels)(pixels * 3);
  for (let p = 0, c = 0; p < pixels; p += 2, c += 4) {
    const cb = cells[c + 2]!;
    const cr = cells[c + 3]!;
    out[p * 3] = cells[c]!;
    out[p * 3 + 1] = cb;
    out[p * 3 + 2] = cr;
    if (p + 1 < pixels) {
      out[p * 3 + 3] = cells[c + 1]!;
      out[p * 3 + 4] = cb;
      out[p * 3 + 5] = cr;
    }
  }
  return out;
}
