import { DicomError } from './DicomError';
import { longLengthVrs } from './internal/longLengthVrs';
import { concatBytes } from './internal/concatBytes';

/** One data element to write; `tag` is 0xGGGGEEEE. Strings of VM > 1 are arrays. */
export interface WriteElement {
  tag: number;
  vr: string;
  value:
    | string
    | readonly string[]
    | number
    | readonly number[]
    | Uint8Array
    | readonly (readonly WriteElement[])[];
}

const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
/** Our Implementation Class UID (PS3.7 D.3.3.2), a UUID-derived UID (PS3.5 B.2). */
export const IMPLEMENTATION_CLASS_UID = '2.25.263159734390412620346370453727914806873';
const IMPLEMENTATION_VERSION = 'MMEDEXPERT_01';

const NUMERIC: Record<string, [number, (v: DataView, at: number, n: number) => void]> = {
  US: [2, (v, at, n) => v.setUint16(at, n, true)],
  SS: [2, (v, at, n) => v.setInt16(at, n, true)],
  UL: [4, (v, at, n) => v.setUint32(at, n, true)],
  SL: [4, (v, at, n) => v.setInt32(at, n, true)],
  FL: [4, (v, at, n) => v.setFloat32(at, n, true)],
  FD: [8, (v, at, n) => v.setFloat64(at, n, true)],
};

class ByteSink {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
  u16(n: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, n, true);
    this.push(b);
  }
  u32(n: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    this.push(b);
  }
  bytes(): Uint8Array {
    return concatBytes(this.chunks);
  }
}

const tagText = (tag: number) =>
  `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`;

/**
 * Value bytes padded to even length: UI with NUL, other text with a space
 * (PS3.5 6.2), binary with NUL. Text is UTF-8, so the data set must declare
 * Specific Character Set "ISO_IR 192" when any value is not ASCII.
 */
function encodeValue(element: WriteElement): Uint8Array {
  const { vr, value } = element;
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (NUMERIC[vr]) {
    const [size, set] = NUMERIC[vr];
    const numbers = typeof value === 'number' ? [value] : (value as readonly number[]);
    if (!numbers.every((n) => typeof n === 'number'))
      throw new DicomError('writePart10', `${tagText(element.tag)} ${vr} needs numbers`);
    bytes = new Uint8Array(size * numbers.length);
    const view = new DataView(bytes.buffer);
    numbers.forEach((n, i) => set(view, i * size, n));
  } else {
    const parts =
      typeof value === 'string' || typeof value === 'number'
        ? [value]
        : (value as readonly (string | number)[]);
    bytes = new TextEncoder().encode(parts.map(String).join('\\'));
  }
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20;
  return padded;
}

/** Explicit VR Little Endian encoding of elements, sorted by tag (PS3.5 7.1.2, 7.5 with defined lengths). */
export function encodeDataSet(elements: readonly WriteElement[]): Uint8Array {
  const sink = new ByteSink();
  const sorted = [...elements].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.tag === sorted[i - 1]!.tag)
      throw new DicomError('writePart10', `element ${tagText(sorted[i]!.tag)} is given twice`);
  }
  for (const element of sorted) {
    let data: Uint8Array;
    if (element.vr === 'SQ') {
      // Items of defined length (PS3.5 7.5.1): simple to read for every parser.
      const items = new ByteSink();
      for (const item of element.value as readonly (readonly WriteElement[])[]) {
        const body = encodeDataSet(item);
        items.u16(0xfffe);
        items.u16(0xe000);
        items.u32(body.length);
        items.push(body);
      }
      data = items.bytes();
    } else data = encodeValue(element);
    sink.u16(element.tag >>> 16);
    sink.u16(element.tag & 0xffff);
    sink.push(new TextEncoder().encode(element.vr));
    if (longLengthVrs.has(element.vr)) {
      sink.u16(0);
      sink.u32(data.length);
    } else {
      if (data.length > 0xffff)
        throw new DicomError(
          'writePart10',
          `${tagText(element.tag)} is too long for VR ${element.vr}`,
        );
      sink.u16(data.length);
    }
    sink.push(data);
  }
  return sink.bytes();
}

/**
 * A DICOM Part 10 file (PS3.10 7.1): 128-byte preamble, "DICM", File Meta
 * Information (PS3.10 7.1, group 0002 with its group length) and the data set
 * in Explicit VR Little Endian. SOP Class and Instance UIDs come from the data set.
 */
export function writePart10(elements: readonly WriteElement[]): Uint8Array {
  const uid = (tag: number) => {
    const value = elements.find((e) => e.tag === tag)?.value;
    if (typeof value !== 'string' || value === '')
      throw new DicomError('writePart10', `the data set needs ${tagText(tag)}`);
    return value;
  };
  const meta = encodeDataSet([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: uid(0x00080016) },
    { tag: 0x00020003, vr: 'UI', value: uid(0x00080018) },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LE },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    { tag: 0x00020013, vr: 'SH', value: IMPLEMENTATION_VERSION },
  ]);
  const group = encodeDataSet([{ tag: 0x00020000, vr: 'UL', value: meta.length }]);
  const body = encodeDataSet(elements.filter((e) => e.tag >>> 16 !== 0x0002));
  // PS3.10 7.1: a 128-byte preamble (zeros here), "DICM", then the meta group.
  return concatBytes([new Uint8Array(128), new TextEncoder().encode('DICM'), group, meta, body]);
}

/** A new UID from a random UUID (PS3.5 B.2: "2.25." and the UUID as one decimal integer). */
export function newUid(): string {
  const hex = globalThis.crypto.randomUUID().replace(/-/g, '');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
