import type { DataSet } from '../parseDicom';

/** A lookup table as PS3.3 C.11.1.1.1 / C.7.6.3.1.5 define it. */
export interface Lut {
  firstValueMapped: number;
  bitsPerEntry: number;
  data: Uint16Array;
}

/** The LUT descriptor (entries, first value mapped, bits; 0 entries means 65536, C.7.6.3.1.5). */
function readDescriptor(
  dataSet: DataSet,
  descriptorTag: string,
  signedInput: boolean,
): { entries: number; firstValueMapped: number; bitsPerEntry: number } | undefined {
  const descriptor = dataSet.elements[descriptorTag];
  if (!descriptor || descriptor.length < 6) return undefined;
  const entries = dataSet.uint16(descriptorTag, 0) || 65536;
  let firstValueMapped = dataSet.uint16(descriptorTag, 1) ?? 0;
  if (signedInput && firstValueMapped > 32767) firstValueMapped -= 65536;
  const bitsPerEntry = dataSet.uint16(descriptorTag, 2) ?? 16;
  return { entries, firstValueMapped, bitsPerEntry };
}

/** The 16-bit words of a data element that lie inside the file. */
function words(dataSet: DataSet, tag: string): number {
  const element = dataSet.elements[tag];
  if (!element) return 0;
  const available = Math.max(0, dataSet.byteArray.length - element.dataOffset);
  return Math.floor(Math.min(element.length, available) / 2);
}

/**
 * Reads a LUT from its descriptor and its data element. 8-bit entries come
 * one per 16-bit word or, as C.7.6.3.1.6 also allows for palettes, packed
 * two per word (low byte first): the data length tells which. Returns
 * undefined when either element is missing or the data is too short.
 */
export function readLut(
  dataSet: DataSet,
  descriptorTag: string,
  dataTag: string,
  signedInput: boolean,
): Lut | undefined {
  const descriptor = readDescriptor(dataSet, descriptorTag, signedInput);
  if (!descriptor) return undefined;
  const { entries, firstValueMapped, bitsPerEntry } = descriptor;
  const available = words(dataSet, dataTag);
  const data = new Uint16Array(entries);
  if (available >= entries) {
    for (let i = 0; i < entries; i++) data[i] = dataSet.uint16(dataTag, i) ?? 0;
  } else if (bitsPerEntry === 8 && available >= Math.ceil(entries / 2)) {
    for (let i = 0; i < entries; i++) {
      const word = dataSet.uint16(dataTag, i >> 1) ?? 0;
      data[i] = i % 2 === 0 ? word & 0xff : word >> 8;
    }
  } else return undefined;
  return { firstValueMapped, bitsPerEntry, data };
}

/**
 * Reads a segmented palette LUT (Segmented Red/Green/Blue Palette Color
 * Lookup Table Data, 0028,1221-1223; PS3.3 C.7.9.2): discrete segments
 * (opcode 0), linear segments (1) and indirect segments (2) that replay
 * earlier segments. Bounded: output stops at the descriptor's entry count,
 * and indirect segments may not nest.
 */
export function readSegmentedLut(
  dataSet: DataSet,
  descriptorTag: string,
  dataTag: string,
  signedInput: boolean,
): Lut | undefined {
  const descriptor = readDescriptor(dataSet, descriptorTag, signedInput);
  const count = words(dataSet, dataTag);
  if (!descriptor || count === 0) return undefined;
  const { entries, firstValueMapped, bitsPerEntry } = descriptor;
  const segment = new Uint16Array(count);
  for (let i = 0; i < count; i++) segment[i] = dataSet.uint16(dataTag, i) ?? 0;
  const data = new Uint16Array(entries);
  let out = 0;
  const run = (from: number, to: number, allowIndirect: boolean): boolean => {
    let at = from;
    while (at + 1 < to && out < entries) {
      const opcode = segment[at]!;
      const length = segment[at + 1]!;
      at += 2;
      if (opcode === 0) {
        for (let i = 0; i < length && at < to && out < entries; i++) data[out++] = segment[at++]!;
      } else if (opcode === 1) {
        if (at >= to) return false;
        const y1 = segment[at++]!;
        const y0 = out > 0 ? data[out - 1]! : y1;
        for (let i = 1; i <= length && out < entries; i++)
          data[out++] = Math.round(y0 + ((y1 - y0) * i) / length);
      } else if (opcode === 2 && allowIndirect) {
        if (at + 1 >= to) return false;
        const offset = segment[at]! | (segment[at + 1]! << 16);
        at += 2;
        // `length` segments starting at word `offset`, replayed once.
        let start = offset;
        for (let s = 0; s < length && start + 1 < count; s++) {
          const op = segment[start]!;
          const n = segment[start + 1]!;
          const size = op === 0 ? 2 + n : op === 1 ? 3 : 4;
          if (op === 2 || !run(start, Math.min(count, start + size), false)) return false;
          start += size;
        }
      } else return false;
    }
    return true;
  };
  if (!run(0, count, true) || out === 0) return undefined;
  // A table that ends early holds its last value (as a LUT does past its end).
  data.fill(data[out - 1]!, out);
  return { firstValueMapped, bitsPerEntry, data };
}
