import { parseDicom, type DataSet } from '../dicom/parseDicom';
import { longLengthVrs } from '../dicom/internal/longLengthVrs';
import { concatBytes } from '../dicom/internal/concatBytes';

/** A length field of an element, item or fragment in a seed file. */
interface LengthField {
  at: number;
  size: 2 | 4;
  littleEndian: boolean;
}

/** Where a US or IS value of an image attribute sits in a seed file. */
interface ValueField {
  tag: string;
  at: number;
  length: number;
  littleEndian: boolean;
}

/** What the mutator knows of a seed: its bytes and the places worth hitting. */
export interface SeedMap {
  name: string;
  bytes: Uint8Array;
  lengths: LengthField[];
  values: ValueField[];
  /** Where the transfer syntax element (0002,0010) starts and ends, if the file has meta. */
  transferSyntax?: { start: number; end: number };
  dataSetStart: number;
}

const imageTags = [
  'x00280010',
  'x00280011',
  'x00280100',
  'x00280101',
  'x00280102',
  'x00280002',
  'x00280008',
  'x00280103',
  'x00280006',
];

/** Maps a (well-formed) seed: length fields of every element, item and fragment, image attribute values. */
export function mapSeed(name: string, bytes: Uint8Array): SeedMap {
  const parsed = parseDicom(bytes);
  const explicit = parsed.transferSyntax.implicitVr !== true;
  const bigEndian = parsed.transferSyntax.bigEndian === true;
  const lengths: LengthField[] = [];
  const values: ValueField[] = [];
  let transferSyntax: SeedMap['transferSyntax'];
  let dataSetStart = bytes.length;
  const walk = (ds: DataSet, depth: number) => {
    for (const element of Object.values(ds.elements)) {
      const meta = element.tag.startsWith('x0002');
      const little = meta || !bigEndian;
      const long = !(explicit || meta) || longLengthVrs.has(element.vr ?? 'UN');
      lengths.push({
        at: element.dataOffset - (long ? 4 : 2),
        size: long ? 4 : 2,
        littleEndian: little,
      });
      if (!meta)
        dataSetStart = Math.min(
          dataSetStart,
          element.dataOffset - (explicit ? (long ? 12 : 8) : 8),
        );
      if (element.tag === 'x00020010')
        transferSyntax = {
          start: element.dataOffset - 8,
          end: element.dataOffset + element.length,
        };
      if (depth === 0 && imageTags.includes(element.tag))
        values.push({
          tag: element.tag,
          at: element.dataOffset,
          length: element.length,
          littleEndian: little,
        });
      for (const item of element.items ?? []) {
        lengths.push({ at: item.dataOffset - 4, size: 4, littleEndian: little });
        if (item.dataSet) walk(item.dataSet, depth + 1);
      }
      for (const fragment of element.fragments ?? [])
        lengths.push({ at: fragment.position - 4, size: 4, littleEndian: true });
    }
  };
  walk(parsed.dataSet, 0);
  return {
    name,
    bytes,
    lengths,
    values,
    ...(transferSyntax ? { transferSyntax } : {}),
    dataSetStart,
  };
}

const otherSyntaxes = [
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.55',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.102',
  '1.2.3.4.5.6',
];

const interestingNumbers = [
  0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 64, 255, 256, 4096, 32767, 32768, 65535,
];
const interesting32 = [
  0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xfffffff0, 8, 0x10000,
];

/** Explicit VR LE sequences nested `depth` deep, with or without their delimiters. */
function nestedSequences(depth: number, delimited: boolean): Uint8Array {
  const open = Uint8Array.from([
    0x08, 0x00, 0x40, 0x11, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff,
    0xff, 0xff, 0xff,
  ]);
  const close = Uint8Array.from([
    0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0,
  ]);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < depth; i++) parts.push(open);
  if (delimited) for (let i = 0; i < depth; i++) parts.push(close);
  return concatBytes(parts);
}

/**
 * One mutation chosen by `random`: bit flips, byte writes, truncation, a
 * length field of an element, item or fragment, a huge or odd image
 * attribute, another transfer syntax, spliced chunks, nested sequences.
 * Returns the new bytes and a description for the report.
 */
export function mutateOnce(
  seed: SeedMap,
  input: Uint8Array,
  random: () => number,
): { bytes: Uint8Array; what: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const position = (bytes: Uint8Array) => Math.floor(random() * bytes.length);
  const bytes = input.slice();
  const view = new DataView(bytes.buffer);
  const kind = Math.floor(random() * 10);
  switch (kind) {
    case 0: {
      const flips = 1 + Math.floor(random() * 16);
      for (let i = 0; i < flips; i++) {
        const at = position(bytes);
        bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
      }
      return { bytes, what: `${flips} bit flip(s)` };
    }
    case 1: {
      const at = Math.floor(random() * bytes.length);
      return { bytes: bytes.subarray(0, at), what: `truncated at ${at}` };
    }
    case 2:
    case 3: {
      const field = pick(seed.lengths);
      if (field.at + field.size > bytes.length)
        return { bytes, what: 'length field past the end (none)' };
      if (field.size === 2) {
        const value = pick([...interestingNumbers, Math.floor(random() * 65536)]);
        view.setUint16(field.at, value, field.littleEndian);
        return { bytes, what: `16-bit length at ${field.at} = ${value}` };
      }
      const old = view.getUint32(field.at, field.littleEndian);
      const value =
        pick([...interesting32, old + 1, old - 1, old * 2, Math.floor(random() * 2 ** 32)]) >>> 0;
      view.setUint32(field.at, value, field.littleEndian);
      return { bytes, what: `32-bit length at ${field.at} = ${value}` };
    }
    case 4: {
      const field = seed.values.length > 0 ? pick(seed.values) : undefined;
      if (!field || field.at + field.length > bytes.length)
        return { bytes, what: 'image attribute (none)' };
      if (field.tag === 'x00280008') {
        const text = String(pick([0, -1, 65535, 65537, 1e9, 3]))
          .slice(0, field.length)
          .padEnd(field.length, ' ');
        bytes.set(new TextEncoder().encode(text), field.at);
        return { bytes, what: `Number of Frames = "${text.trim()}"` };
      }
      const value = pick(interestingNumbers);
      view.setUint16(field.at, value, field.littleEndian);
      return { bytes, what: `${field.tag} = ${value}` };
    }
    case 5: {
      if (!seed.transferSyntax || seed.transferSyntax.end > bytes.length)
        return { bytes, what: 'transfer syntax (none)' };
      const uid = pick(otherSyntaxes);
      const value = new TextEncoder().encode(uid.length % 2 ? `${uid}\0` : uid);
      const header = bytes.slice(seed.transferSyntax.start, seed.transferSyntax.start + 8);
      new DataView(header.buffer).setUint16(6, value.length, true);
      return {
        bytes: concatBytes([
          bytes.subarray(0, seed.transferSyntax.start),
          header,
          value,
          bytes.subarray(seed.transferSyntax.end),
        ]),
        what: `transfer syntax ${uid}`,
      };
    }
    case 6: {
      const at = position(bytes);
      const length = 1 + Math.floor(random() * 64);
      const chunk = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      return {
        bytes: concatBytes([bytes.subarray(0, at), chunk, bytes.subarray(at)]),
        what: `${length} random byte(s) inserted at ${at}`,
      };
    }
    case 7: {
      const at = position(bytes);
      const length = 1 + Math.floor(random() * 256);
      if (random() < 0.5)
        return {
          bytes: concatBytes([bytes.subarray(0, at), bytes.subarray(at + length)]),
          what: `${length} byte(s) removed at ${at}`,
        };
      const from = position(bytes);
      return {
        bytes: concatBytes([
          bytes.subarray(0, at),
          bytes.subarray(from, from + length),
          bytes.subarray(at),
        ]),
        what: `${length} byte(s) from ${from} copied to ${at}`,
      };
    }
    case 8: {
      const at = Math.max(0, position(bytes) - 4) & ~1;
      if (at + 4 <= bytes.length) view.setUint32(at, pick(interesting32), random() < 0.5);
      return { bytes, what: `32-bit value at ${at}` };
    }
    default: {
      const depth = 1 + Math.floor(random() * 64);
      const delimited = random() < 0.5;
      const at = Math.min(seed.dataSetStart, bytes.length);
      return {
        bytes: concatBytes([
          bytes.subarray(0, at),
          nestedSequences(depth, delimited),
          bytes.subarray(at),
        ]),
        what: `${depth} nested sequence(s)${delimited ? '' : ' without delimiters'}`,
      };
    }
  }
}

/** 1 to 3 mutations of a seed; deterministic for a given `random`. */
export function mutateDicom(
  seeds: SeedMap[],
  random: () => number,
): { bytes: Uint8Array; what: string } {
  const seed = seeds[Math.floor(random() * seeds.length)]!;
  const count = 1 + Math.floor(random() * 3);
  let bytes = seed.bytes;
  const what: string[] = [];
  for (let i = 0; i < count; i++) {
    const step = mutateOnce(seed, bytes, random);
    bytes = step.bytes;
    what.push(step.what);
  }
  return { bytes, what: `${seed.name}: ${what.join('; ')}` };
}
