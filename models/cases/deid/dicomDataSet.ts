import { inflateSync } from 'fflate';
import { longLengthVrs } from '../../dicom/internal/longLengthVrs';
import { tagVr } from '../../dicom/tagVr';
import { basicProfile } from './basicProfile';

/**
 * A data element as read from the file, enough to write it back: the value
 * bytes as they were, or the items of a sequence, or the raw fragments of
 * encapsulated pixel data (PS3.5 A.4) up to and including its delimiter.
 */
export interface RawElement {
  tag: number;
  /** The VR written in the file (explicit VR), else the dictionary's, else null. */
  vr: string | null;
  value: Uint8Array;
  items: RawElement[][] | null;
  encapsulated: boolean;
}

export class DicomWriteError extends Error {
  override name = 'DicomWriteError';
}

const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;

export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';

export function tagKey(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

function knownVr(tag: number): string | null {
  const key = tagKey(tag);
  return tagVr(key) ?? basicProfile.get(key)?.vr ?? null;
}

class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(at: number, n: number): void {
    if (at + n > this.bytes.length) throw new DicomWriteError('the data set is truncated');
  }

  tag(at: number): number {
    this.need(at, 4);
    return ((this.view.getUint16(at, true) << 16) | this.view.getUint16(at + 2, true)) >>> 0;
  }

  /** Elements from `at` until `end` or, with `untilItemEnd`, an item delimiter; returns them and where it stopped. */
  elements(
    at: number,
    end: number,
    explicit: boolean,
    untilItemEnd: boolean,
  ): [RawElement[], number] {
    const out: RawElement[] = [];
    while (at < end) {
      const tag = this.tag(at);
      if (tag === ITEM_END) {
        if (!untilItemEnd) throw new DicomWriteError('an item delimiter outside an item');
        return [out, at + 8];
      }
      let vr: string | null;
      let length: number;
      let header: number;
      if (explicit) {
        this.need(at, 8);
        vr = String.fromCharCode(this.bytes[at + 4]!, this.bytes[at + 5]!);
        if (!/^[A-Z]{2}$/.test(vr))
          throw new DicomWriteError(`element ${tagKey(tag)} has no valid VR`);
        if (longLengthVrs.has(vr)) {
          this.need(at, 12);
          length = this.view.getUint32(at + 8, true);
          header = 12;
        } else {
          length = this.view.getUint16(at + 6, true);
          header = 8;
        }
      } else {
        this.need(at, 8);
        vr = knownVr(tag);
        length = this.view.getUint32(at + 4, true);
        header = 8;
      }
      const start = at + header;
      if (length === UNDEFINED) {
        if (tag === 0x7fe00010 || (explicit && (vr === 'OB' || vr === 'OW'))) {
          const stop = this.encapsulatedEnd(start);
          out.push({
            tag,
            vr,
            value: this.bytes.subarray(start, stop),
            items: null,
            encapsulated: true,
          });
          at = stop;
        } else {
          // An undefined-length UN holds implicit VR LE inside (PS3.5 6.2.2).
          const [items, stop] = this.items(start, this.bytes.length, explicit && vr !== 'UN', true);
          out.push({ tag, vr: vr ?? 'SQ', value: new Uint8Array(0), items, encapsulated: false });
          at = stop;
        }
        continue;
      }
      this.need(start, length);
      const value = this.bytes.subarray(start, start + length);
      const looksLikeItems = length >= 8 && this.tag(start) === ITEM;
      if (vr === 'SQ' || (!explicit && vr === null && looksLikeItems)) {
        const [items] = this.items(start, start + length, explicit, false);
        out.push({ tag, vr: 'SQ', value: new Uint8Array(0), items, encapsulated: false });
      } else out.push({ tag, vr, value, items: null, encapsulated: false });
      at = start + length;
    }
    if (untilItemEnd) throw new DicomWriteError('an item has no delimiter');
    return [out, at];
  }

  items(
    at: number,
    end: number,
    explicit: boolean,
    untilSequenceEnd: boolean,
  ): [RawElement[][], number] {
    const items: RawElement[][] = [];
    while (at < end) {
      const tag = this.tag(at);
      this.need(at, 8);
      const length = this.view.getUint32(at + 4, true);
      if (tag === SEQUENCE_END) return [items, at + 8];
      if (tag !== ITEM)
        throw new DicomWriteError(`a sequence holds ${tagKey(tag)} where an item belongs`);
      if (length === UNDEFINED) {
        const [elements, stop] = this.elements(at + 8, this.bytes.length, explicit, true);
        items.push(elements);
        at = stop;
      } else {
        this.need(at + 8, length);
        items.push(this.elements(at + 8, at + 8 + length, explicit, false)[0]);
        at += 8 + length;
      }
    }
    if (untilSequenceEnd) throw new DicomWriteError('a sequence has no delimiter');
    return [items, at];
  }

  /** Where encapsulated pixel data ends: after its Sequence Delimitation Item (PS3.5 A.4). */
  encapsulatedEnd(at: number): number {
    for (;;) {
      const tag = this.tag(at);
      this.need(at, 8);
      const length = this.view.getUint32(at + 4, true);
      if (tag === SEQUENCE_END) return at + 8;
      if (tag !== ITEM || length === UNDEFINED)
        throw new DicomWriteError('encapsulated pixel data is malformed');
      this.need(at + 8, length);
      at += 8 + length;
    }
  }
}

/** A Part 10 file: its file meta group and its data set, the data set's encoding resolved. */
export interface Part10 {
  meta: RawElement[];
  dataSet: RawElement[];
  transferSyntax: string;
}

/** Reads a DICOM Part 10 file (PS3.10 7.1) in any little-endian transfer syntax; deflated data sets are inflated. */
export function readPart10(bytes: Uint8Array): Part10 {
  const reader = new Reader(bytes);
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM')
    throw new DicomWriteError('it is not a DICOM Part 10 file (no "DICM" at byte 128)');
  // The file meta group is explicit VR LE (PS3.10 7.1); read until its group ends.
  let at = 132;
  const meta: RawElement[] = [];
  while (at < bytes.length && reader.tag(at) >>> 16 === 0x0002) {
    // One element: the loop inside stops once past `at + 1`.
    const [element, next] = reader.elements(at, at + 1, true, false);
    meta.push(...element);
    at = next;
  }
  const syntaxElement = meta.find((e) => e.tag === 0x00020010);
  if (!syntaxElement)
    throw new DicomWriteError('the file meta has no Transfer Syntax UID (0002,0010)');
  const transferSyntax = new TextDecoder().decode(syntaxElement.value).replace(/[\0 ]+$/, '');
  if (transferSyntax === EXPLICIT_BE)
    throw new DicomWriteError('Explicit VR Big Endian (retired, PS3.5 A.3) is not supported');
  let body = bytes;
  let bodyAt = at;
  if (transferSyntax === DEFLATED_LE) {
    body = inflateSync(bytes.subarray(at));
    bodyAt = 0;
  }
  const explicit = transferSyntax !== IMPLICIT_LE;
  const [dataSet] = new Reader(body).elements(bodyAt, body.length, explicit, false);
  return {
    meta,
    dataSet,
    transferSyntax: transferSyntax === DEFLATED_LE ? EXPLICIT_LE : transferSyntax,
  };
}

class Writer {
  private chunks: Uint8Array[] = [];
  private length = 0;

  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  u16(value: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    this.push(b);
  }

  u32(value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.push(b);
  }

  tag(tag: number): void {
    this.u16(tag >>> 16);
    this.u16(tag & 0xffff);
  }

  header(tag: number, vr: string, length: number, explicit: boolean): void {
    this.tag(tag);
    if (!explicit) return this.u32(length);
    this.push(new TextEncoder().encode(vr));
    if (longLengthVrs.has(vr)) {
      this.u16(0);
      this.u32(length);
    } else {
      if (length > 0xffff)
        throw new DicomWriteError(`element ${tagKey(tag)} is too long for VR ${vr}`);
      this.u16(length);
    }
  }

  elements(elements: readonly RawElement[], explicit: boolean): void {
    for (const e of elements) {
      const vr = e.vr ?? 'UN';
      if (e.items) {
        // Sequences and items are written with undefined length (PS3.5 7.5.2): always valid.
        this.header(e.tag, e.vr === 'UN' ? 'UN' : 'SQ', UNDEFINED, explicit);
        const inner = explicit && e.vr !== 'UN';
        for (const item of e.items) {
          this.tag(ITEM);
          this.u32(UNDEFINED);
          this.elements(item, inner);
          this.tag(ITEM_END);
          this.u32(0);
        }
        this.tag(SEQUENCE_END);
        this.u32(0);
      } else if (e.encapsulated) {
        this.header(e.tag, vr, UNDEFINED, explicit);
        this.push(e.value);
      } else {
        this.header(e.tag, vr, e.value.length, explicit);
        this.push(e.value);
      }
    }
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** A text value padded to even length (PS3.5 6.2: UI with NUL, other strings with a space). */
export function textValue(text: string, vr: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = vr === 'UI' ? 0 : 0x20;
  return out;
}

/**
 * Writes a read Part 10 file back (preamble, "DICM", the meta group with its
 * length recomputed, the data set in its own transfer syntax, values as read);
 * models/dicom/writePart10 builds new Explicit VR LE files from typed values.
 */
export function writeRawPart10(
  meta: readonly RawElement[],
  dataSet: readonly RawElement[],
  transferSyntax: string,
): Uint8Array {
  const metaBody = new Writer();
  metaBody.elements(
    meta.filter((e) => e.tag !== 0x00020000),
    true,
  );
  const metaBytes = metaBody.bytes();
  const out = new Writer();
  out.push(new Uint8Array(128));
  out.push(new TextEncoder().encode('DICM'));
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaBytes.length, true);
  out.elements(
    [{ tag: 0x00020000, vr: 'UL', value: groupLength, items: null, encapsulated: false }],
    true,
  );
  out.push(metaBytes);
  out.elements(dataSet, transferSyntax !== IMPLICIT_LE);
  return out.bytes();
}
