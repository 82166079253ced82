import type { DataSet } from '../parseDicom';

/** All numeric values of a DS/IS element (backslash-separated), skipping blanks. */
export function readNumberList(dataSet: DataSet, tag: string): number[] {
  const count = dataSet.numStringValues(tag) ?? 0;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = dataSet.floatString(tag, i);
    if (v !== undefined && Number.isFinite(v)) values.push(v);
  }
  return values;
}

/** A US value, also when an implicit VR file leaves the VR unknown. */
export function readUint16(dataSet: DataSet, tag: string): number | undefined {
  const element = dataSet.elements[tag];
  if (!element || element.length < 2) return undefined;
  return dataSet.uint16(tag);
}

/** A string value with trailing NUL/space padding removed. */
export function readString(dataSet: DataSet, tag: string): string | undefined {
  const element = dataSet.elements[tag];
  if (!element) return undefined;
  const value = dataSet.string(tag);
  return value === undefined ? undefined : value.replace(/\0+$/, '').trim();
}
