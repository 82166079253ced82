import dicomParser from 'dicom-parser';
import { DicomError } from '../DicomError';
import type { DataSet, Element } from '../parseDicom';
import { tagVr } from '../tagVr';
import { knownVrs } from './knownVrs';
import { longLengthVrs } from './longLengthVrs';
import type { WarningList } from './WarningList';

/** How the elements of a data set are written (PS3.5 7.1 and 7.3). */
export interface Encoding {
  explicit: boolean;
  bigEndian: boolean;
}

type Fragment = NonNullable<Element['fragments']>[number];

const UNDEFINED_LENGTH = 0xffffffff;
/** Deeper nesting than this is refused: real files stay below ten, a fuzzed one could recurse forever. */
export const MAX_SEQUENCE_DEPTH = 32;

const DataSetClass = (
  dicomParser as unknown as {
    DataSet: new (
      parser: dicomParser.ByteArrayParser,
      bytes: Uint8Array,
      elements: Record<string, Element>,
    ) => DataSet;
  }
).DataSet;

/** A dicom-parser DataSet over `bytes`, so the value readers (string, uint16, ...) work on our elements. */
export function makeDataSet(
  bytes: Uint8Array,
  elements: Record<string, Element>,
  bigEndian: boolean,
): DataSet {
  const parser = bigEndian
    ? dicomParser.bigEndianByteArrayParser
    : dicomParser.littleEndianByteArrayParser;
  return new DataSetClass(parser, bytes, elements);
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const tagText = (group: number, element: number) => `(${hex4(group)},${hex4(element)})`;

/**
 * Our own reader of DICOM data sets (PS3.5 Section 7), in place of
 * dicom-parser's: it is tolerant the way dcmtk is (odd lengths, lengths past
 * the end, missing delimiters, undefined-length UN per CP-246, implicit VR
 * elements in an explicit data set) and records a warning for each instead of
 * refusing the file. Every step advances through the bytes, every length is
 * checked against what is left, nesting is bounded, so no input can make it
 * loop, recurse without end or read outside the buffer. What it cannot read
 * at all raises one DicomError.
 */
export class DataSetReader {
  private readonly view: DataView;
  /** Whether an element or its header ran past the end of the bytes. */
  truncated = false;

  constructor(
    readonly bytes: Uint8Array,
    private readonly warnings: WarningList,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private u16(at: number, bigEndian: boolean): number {
    return this.view.getUint16(at, !bigEndian);
  }

  private u32(at: number, bigEndian: boolean): number {
    return this.view.getUint32(at, !bigEndian);
  }

  /**
   * Reads elements from `start` up to `end`. In an item of undefined length
   * it stops after the Item Delimitation Item (or before a Sequence
   * Delimitation Item whose item lacked one); with `lastGroup` it stops
   * before the first element of a higher group (the file meta, PS3.10 7.1).
   */
  readElements(
    start: number,
    end: number,
    encoding: Encoding,
    {
      depth = 0,
      inUndefinedItem = false,
      lastGroup,
    }: { depth?: number; inUndefinedItem?: boolean; lastGroup?: number } = {},
  ): { dataSet: DataSet; position: number; delimited: boolean } {
    const elements: Record<string, Element> = {};
    const finish = (position: number, delimited: boolean) => ({
      dataSet: makeDataSet(this.bytes, elements, encoding.bigEndian),
      position,
      delimited,
    });
    let at = start;
    while (at < end) {
      if (end - at < 8) {
        if (end === this.bytes.length && !isZero(this.bytes, at, end)) this.truncated = true;
        if (!isZero(this.bytes, at, end))
          this.warnings.add(`${end - at} byte(s) after the last element were ignored`);
        return finish(end, false);
      }
      const group = this.u16(at, encoding.bigEndian);
      const number = this.u16(at + 2, encoding.bigEndian);
      if (lastGroup !== undefined && group > lastGroup) return finish(at, false);
      if (group === 0xfffe) {
        if (number === 0xe00d) {
          if (inUndefinedItem) return finish(at + 8, true);
          this.warnings.add(`a stray Item Delimitation Item at byte ${at} was skipped`);
          at += 8;
          continue;
        }
        if (number === 0xe0dd && inUndefinedItem) {
          this.warnings.add('an item of undefined length ends without an Item Delimitation Item');
          return finish(at, false);
        }
        if (number === 0xe0dd) {
          this.warnings.add(`a stray Sequence Delimitation Item at byte ${at} was skipped`);
          at += 8;
          continue;
        }
        throw new DicomError(
          'parseDicom',
          `malformed data set: an item tag ${tagText(group, number)} appears outside a sequence at byte ${at}`,
        );
      }
      const { next, ...element } = this.readElement(at, end, encoding, group, number, depth);
      if (elements[element.tag]) {
        this.warnings.add(
          `the element ${tagText(group, number)} appears twice; the first one is used`,
        );
      } else elements[element.tag] = element;
      at = next;
    }
    return finish(Math.min(at, end), false);
  }

  private readElement(
    at: number,
    end: number,
    encoding: Encoding,
    group: number,
    number: number,
    depth: number,
  ): Element & { next: number } {
    const tag = `x${(group * 0x10000 + number).toString(16).padStart(8, '0')}`;
    const name = tagText(group, number);
    let vr: string | undefined;
    let length: number;
    let headerLength = 8;
    if (encoding.explicit) {
      const a = this.bytes[at + 4]!;
      const b = this.bytes[at + 5]!;
      const looksLikeVr = a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;
      if (!looksLikeVr) {
        // dcmtk reads such an element as implicit VR (4-byte length), and so do we.
        this.warnings.add(
          `the element ${name} has no explicit VR in an explicit VR data set; it was read as implicit VR`,
        );
        length = this.u32(at + 4, encoding.bigEndian);
      } else {
        vr = String.fromCharCode(a, b);
        if (!knownVrs.has(vr)) {
          this.warnings.add(`the element ${name} has the unknown VR "${vr}"; it was read as UN`);
        }
        if (longLengthVrs.has(vr)) {
          if (end - at < 12) {
            if (end === this.bytes.length) this.truncated = true;
            this.warnings.add(`the data set ends inside the header of ${name}`);
            return { tag, vr, length: 0, dataOffset: end, next: end };
          }
          length = this.u32(at + 8, encoding.bigEndian);
          headerLength = 12;
        } else {
          length = this.u16(at + 6, encoding.bigEndian);
        }
        if (!knownVrs.has(vr)) vr = 'UN';
      }
    } else {
      length = this.u32(at + 4, encoding.bigEndian);
    }
    const dataOffset = at + headerLength;
    const dictionaryVr = tagVr(tag.slice(1).toUpperCase());
    if (length === UNDEFINED_LENGTH) {
      if (tag === 'x7fe00010') return this.readEncapsulated(tag, vr, dataOffset, end, encoding);
      if (vr === 'UN') {
        // CP-246: an undefined-length UN holds a sequence in implicit VR little endian.
        if (encoding.bigEndian)
          this.warnings.add(
            `the undefined-length UN element ${name} was read as an implicit VR little endian sequence (CP-246)`,
          );
        return this.readSequence(
          tag,
          'SQ',
          dataOffset,
          end,
          { explicit: false, bigEndian: false },
          depth,
          true,
        );
      }
      if (vr !== undefined && vr !== 'SQ')
        this.warnings.add(
          `the ${vr} element ${name} has undefined length; it was read as a sequence`,
        );
      return this.readSequence(tag, 'SQ', dataOffset, end, encoding, depth, true);
    }
    const available = Math.max(0, end - dataOffset);
    if (length > available) {
      if (end === this.bytes.length) this.truncated = true;
      this.warnings.add(
        `the element ${name} claims ${length} bytes where ${available} remain; it was cut at the end`,
      );
      length = available;
    } else if (length % 2 === 1) {
      this.warnings.add(`the element ${name} has an odd length (${length}; PS3.5 7.1.1)`);
    }
    const looksLikeSequence =
      vr === 'SQ' ||
      (vr === undefined &&
        !tag.startsWith('x7fe0') &&
        (dictionaryVr === 'SQ' || this.startsWithItem(dataOffset, length, encoding)));
    if (looksLikeSequence)
      return this.readSequence(
        tag,
        vr ?? 'SQ',
        dataOffset,
        dataOffset + length,
        encoding,
        depth,
        false,
      );
    return {
      tag,
      ...(vr !== undefined ? { vr } : {}),
      length,
      dataOffset,
      next: dataOffset + length,
    };
  }

  private startsWithItem(at: number, length: number, encoding: Encoding): boolean {
    return (
      length >= 8 &&
      this.u16(at, encoding.bigEndian) === 0xfffe &&
      this.u16(at + 2, encoding.bigEndian) === 0xe000
    );
  }

  /** Items of a sequence (PS3.5 7.5), of known (`end` is its end) or undefined length. */
  private readSequence(
    tag: string,
    vr: string,
    dataOffset: number,
    end: number,
    encoding: Encoding,
    depth: number,
    undefinedLength: boolean,
  ): Element & { next: number } {
    if (depth >= MAX_SEQUENCE_DEPTH)
      throw new DicomError(
        'parseDicom',
        `malformed data set: sequences are nested more than ${MAX_SEQUENCE_DEPTH} deep`,
      );
    const items: Element[] = [];
    const element = (next: number): Element & { next: number } => ({
      tag,
      vr,
      length: next - dataOffset,
      dataOffset,
      items,
      ...(undefinedLength ? { hadUndefinedLength: true } : {}),
      next,
    });
    const name = tagText(parseInt(tag.slice(1, 5), 16), parseInt(tag.slice(5), 16));
    let at = dataOffset;
    while (end - at >= 8) {
      const group = this.u16(at, encoding.bigEndian);
      const number = this.u16(at + 2, encoding.bigEndian);
      const length = this.u32(at + 4, encoding.bigEndian);
      if (group === 0xfffe && number === 0xe0dd) {
        if (!undefinedLength)
          this.warnings.add(`the known-length sequence ${name} holds a Sequence Delimitation Item`);
        return { ...element(at), next: at + 8 };
      }
      if (group !== 0xfffe || number !== 0xe000) {
        if (undefinedLength) {
          this.warnings.add(
            `the sequence ${name} ends without a Sequence Delimitation Item (at byte ${at})`,
          );
          return element(at);
        }
        this.warnings.add(
          `the sequence ${name} holds a non-item tag ${tagText(group, number)}; the rest of it was skipped`,
        );
        return element(end);
      }
      const itemStart = at + 8;
      let item: Element;
      if (length === UNDEFINED_LENGTH) {
        const read = this.readElements(itemStart, end, encoding, {
          depth: depth + 1,
          inUndefinedItem: true,
        });
        if (!read.delimited && read.position >= end)
          this.warnings.add(`an item of ${name} ends without an Item Delimitation Item`);
        item = {
          tag: 'xfffee000',
          length: read.position - itemStart,
          dataOffset: itemStart,
          dataSet: read.dataSet,
          hadUndefinedLength: true,
        };
        at = read.position;
      } else {
        let itemEnd = itemStart + length;
        if (itemEnd > end) {
          this.warnings.add(
            `an item of ${name} claims ${length} bytes where ${end - itemStart} remain; it was cut`,
          );
          itemEnd = end;
        }
        const read = this.readElements(itemStart, itemEnd, encoding, { depth: depth + 1 });
        item = {
          tag: 'xfffee000',
          length: itemEnd - itemStart,
          dataOffset: itemStart,
          dataSet: read.dataSet,
        };
        at = itemEnd;
      }
      items.push(item);
    }
    if (undefinedLength)
      this.warnings.add(`the sequence ${name} ends without a Sequence Delimitation Item`);
    return element(end);
  }

  /** Encapsulated Pixel Data (PS3.5 A.4): Basic Offset Table item, fragments, delimiter. */
  private readEncapsulated(
    tag: string,
    vr: string | undefined,
    dataOffset: number,
    end: number,
    encoding: Encoding,
  ): Element & { next: number } {
    const fail = (detail: string): never => {
      throw new DicomError('parseDicom', `malformed encapsulated Pixel Data: ${detail}`);
    };
    if (end - dataOffset < 8) fail('the file ends before the Basic Offset Table');
    if (
      this.u16(dataOffset, encoding.bigEndian) !== 0xfffe ||
      this.u16(dataOffset + 2, encoding.bigEndian) !== 0xe000
    )
      fail('it does not start with a Basic Offset Table item');
    const tableLength = this.u32(dataOffset + 4, encoding.bigEndian);
    if (tableLength === UNDEFINED_LENGTH || tableLength > end - dataOffset - 8)
      fail(`the Basic Offset Table claims ${tableLength} bytes`);
    if (tableLength % 4 !== 0)
      this.warnings.add(`the Basic Offset Table length ${tableLength} is not a multiple of 4`);
    const basicOffsetTable: number[] = [];
    for (let i = 0; i + 4 <= tableLength; i += 4)
      basicOffsetTable.push(this.u32(dataOffset + 8 + i, encoding.bigEndian));
    const fragments: Fragment[] = [];
    const base = dataOffset + 8 + tableLength;
    let at = base;
    let delimited = false;
    while (end - at >= 8) {
      const group = this.u16(at, encoding.bigEndian);
      const number = this.u16(at + 2, encoding.bigEndian);
      const length = this.u32(at + 4, encoding.bigEndian);
      if (group === 0xfffe && number === 0xe0dd) {
        at += 8;
        delimited = true;
        break;
      }
      if (group !== 0xfffe || number !== 0xe000) {
        this.warnings.add(
          `the encapsulated Pixel Data holds a non-item tag ${tagText(group, number)}; the rest was ignored`,
        );
        at = end;
        break;
      }
      if (length === UNDEFINED_LENGTH)
        fail(`fragment ${fragments.length + 1} has undefined length`);
      // A fragment past the end keeps its claimed length so the decoder can say the frame is truncated.
      fragments.push({ offset: at - base, position: at + 8, length });
      at = Math.min(end, at + 8 + length);
    }
    if (!delimited && at >= end)
      this.warnings.add('the encapsulated Pixel Data ends without a Sequence Delimitation Item');
    return {
      tag,
      ...(vr !== undefined ? { vr } : {}),
      length: at - dataOffset,
      dataOffset,
      encapsulatedPixelData: true,
      basicOffsetTable,
      fragments,
      hadUndefinedLength: true,
      next: at,
    };
  }
}

function isZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}
