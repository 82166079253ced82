import type { DataSet } from '../parseDicom';

/** A lookup table as PS3.3 C.11.1.1.1 / C.7.6.3.1.5 define it. */
export interface Lut {
  firstValueMapped: number;
  bitsPerEntry: number;
  data: Uint16Array;
}

/**
 * Reads a LUT from its descriptor (entries, first value mapped, bits; 0
 * entries means 65536) and its data element. Returns undefined when either
 * is missing or the data is shorter than the descriptor says.
 */
export function readLut(
  dataSet: DataSet,
  descriptorTag: string,
  dataTag: string,
  signedInput: boolean,
): Lut | undefined {
  const descriptor = dataSet.elements[descriptorTag];
  const dataElement = dataSet.elements[dataTag];
  if (!descriptor || descriptor.length < 6 || !dataElement) return undefined;
  const entries = dataSet.uint16(descriptorTag, 0) || 65536;
  let firstValueMapped = dataSet.uint16(descriptorTag, 1) ?? 0;
  if (signedInput && firstValueMapped > 32767) firstValueMapped -= 65536;
  const bitsPerEntry = dataSet.uint16(descriptorTag, 2) ?? 16;
  if (
    dataElement.length < entries * 2 ||
    dataElement.dataOffset + entries * 2 > dataSet.byteArray.length
  )
    return undefined;
  const data = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) data[i] = dataSet.uint16(dataTag, i) ?? 0;
  return { firstValueMapped, bitsPerEntry, data };
}
