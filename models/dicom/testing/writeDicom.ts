import { deflateSync } from 'fflate';
import { longLengthVrs } from '../internal/longLengthVrs';
import { concatBytes } from '../internal/concatBytes';

/**
 * One data element for the test writer; `tag` is 0xGGGGEEEE. VR `raw` writes
 * `value` (a Uint8Array) as it is, at the place its tag sorts to: for damaged
 * or unusual encodings the writer itself would never produce.
 */
export interface ElementSpec {
  tag: number;
  vr: string;
  value: string | number | number[] | Uint8Array | ElementSpec[][];
}

export type PixelDataSpec =
  | { kind: 'native'; vr: 'OB' | 'OW'; bytes: Uint8Array; wordSize?: 1 | 2 | 4 }
  | {
      kind: 'encapsulated';
      frames: Uint8Array[];
      offsetTable?: boolean;
      fragmentsPerFrame?: number;
    };

export const syntaxes = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2k: '1.2.840.10008.1.2.4.203',
} as const;

class Writer {
  private chunks: Uint8Array[] = [];
  constructor(
    private readonly explicit: boolean,
    private readonly bigEndian: boolean,
  ) {}

  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  raw(bytes: Uint8Array): void {
    this.chunks.push(bytes);
  }

  uint(value: number, size: 2 | 4, bigEndian = this.bigEndian): void {
    const b = new Uint8Array(size);
    const view = new DataView(b.buffer);
    if (size === 2) view.setUint16(0, value, !bigEndian);
    else view.setUint32(0, value >>> 0, !bigEndian);
    this.raw(b);
  }

  header(tag: number, vr: string, length: number): void {
    this.uint(tag >>> 16, 2);
    this.uint(tag & 0xffff, 2);
    if (!this.explicit) return this.uint(length, 4);
    this.raw(new TextEncoder().encode(vr));
    if (longLengthVrs.has(vr)) {
      this.uint(0, 2);
      this.uint(length, 4);
    } else this.uint(length, 2);
  }

  element(spec: ElementSpec): void {
    const { tag, vr, value } = spec;
    if (vr === 'raw') return this.raw(value as Uint8Array);
    if (vr === 'SQ') {
      this.header(tag, vr, 0xffffffff);
      for (const item of value as ElementSpec[][]) {
        this.uint(0xfffe, 2);
        this.uint(0xe000, 2);
        this.uint(0xffffffff, 4);
        for (const child of [...item].sort((a, b) => a.tag - b.tag)) this.element(child);
        this.uint(0xfffe, 2);
        this.uint(0xe00d, 2);
        this.uint(0, 4);
      }
      this.uint(0xfffe, 2);
      this.uint(0xe0dd, 2);
      this.uint(0, 4);
      return;
    }
    const data = this.encodeValue(vr, value);
    this.header(tag, vr, data.length);
    this.raw(data);
  }

  private encodeValue(vr: string, value: ElementSpec['value']): Uint8Array {
    if (value instanceof Uint8Array)
      return value.length % 2 ? concatBytes([value, new Uint8Array(1)]) : value;
    const numbers =
      typeof value === 'number' ? [value] : Array.isArray(value) ? (value as number[]) : undefined;
    const numeric: Record<
      string,
      [number, (v: DataView, at: number, n: number, le: boolean) => void]
    > = {
      US: [2, (v, at, n, le) => v.setUint16(at, n, le)],
      SS: [2, (v, at, n, le) => v.setInt16(at, n, le)],
      UL: [4, (v, at, n, le) => v.setUint32(at, n, le)],
      SL: [4, (v, at, n, le) => v.setInt32(at, n, le)],
      FL: [4, (v, at, n, le) => v.setFloat32(at, n, le)],
      FD: [8, (v, at, n, le) => v.setFloat64(at, n, le)],
    };
    const kind = numeric[vr];
    if (kind && numbers) {
      const [size, set] = kind;
      const out = new Uint8Array(size * numbers.length);
      const view = new DataView(out.buffer);
      numbers.forEach((n, i) => set(view, i * size, n, !this.bigEndian));
      return out;
    }
    const text = numbers ? numbers.join('\\') : String(value);
    const encoded = new TextEncoder().encode(text);
    if (encoded.length % 2 === 0) return encoded;
    return concatBytes([encoded, new Uint8Array([vr === 'UI' ? 0 : 0x20])]);
  }
}

/** Swaps each `size`-byte word (little to big endian). */
function swapWords(bytes: Uint8Array, size: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i + size <= out.length; i += size) out.subarray(i, i + size).reverse();
  return out;
}

/**
 * Writes a DICOM Part 10 file (or, with `fileMeta: false`, a bare data set)
 * in the given transfer syntax. Elements are sorted by tag; pixel data is
 * appended last. Test-only: it writes what tests need, not every VR rule.
 */
export function writeDicom({
  transferSyntaxUID,
  elements,
  pixelData,
  fileMeta = true,
}: {
  transferSyntaxUID: string;
  elements: ElementSpec[];
  pixelData?: PixelDataSpec;
  fileMeta?: boolean;
}): Uint8Array {
  const bigEndian = transferSyntaxUID === syntaxes.explicitBE;
  const body = new Writer(transferSyntaxUID !== syntaxes.implicitLE, bigEndian);
  for (const spec of [...elements].sort((a, b) => a.tag - b.tag)) body.element(spec);
  if (pixelData?.kind === 'native') {
    const size = pixelData.wordSize ?? (pixelData.vr === 'OW' ? 2 : 1);
    const bytes = bigEndian && size > 1 ? swapWords(pixelData.bytes, size) : pixelData.bytes;
    body.element({ tag: 0x7fe00010, vr: pixelData.vr, value: bytes });
  } else if (pixelData?.kind === 'encapsulated') {
    body.header(0x7fe00010, 'OB', 0xffffffff);
    const perFrame = pixelData.fragmentsPerFrame ?? 1;
    const fragments: Uint8Array[][] = pixelData.frames.map((frame) => splitEven(frame, perFrame));
    const offsets: number[] = [];
    let offset = 0;
    for (const frame of fragments) {
      offsets.push(offset);
      for (const f of frame) offset += 8 + f.length;
    }
    body.uint(0xfffe, 2);
    body.uint(0xe000, 2);
    body.uint(pixelData.offsetTable ? offsets.length * 4 : 0, 4);
    if (pixelData.offsetTable) for (const o of offsets) body.uint(o, 4);
    for (const f of fragments.flat()) {
      body.uint(0xfffe, 2);
      body.uint(0xe000, 2);
      body.uint(f.length, 4);
      body.raw(f);
    }
    body.uint(0xfffe, 2);
    body.uint(0xe0dd, 2);
    body.uint(0, 4);
  }
  let dataSet = body.bytes();
  if (!fileMeta) return dataSet;
  if (transferSyntaxUID === syntaxes.deflatedLE) dataSet = deflateSync(dataSet);
  const sopClass = elements.find((e) => e.tag === 0x00080016)?.value ?? '1.2.840.10008.5.1.4.1.1.7';
  const sopInstance =
    elements.find((e) => e.tag === 0x00080018)?.value ?? '1.2.826.0.1.3680043.10.1.1';
  const meta = new Writer(true, false);
  meta.element({ tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) });
  meta.element({ tag: 0x00020002, vr: 'UI', value: String(sopClass) });
  meta.element({ tag: 0x00020003, vr: 'UI', value: String(sopInstance) });
  meta.element({ tag: 0x00020010, vr: 'UI', value: transferSyntaxUID });
  meta.element({ tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.10.1' });
  const metaBytes = meta.bytes();
  const group = new Writer(true, false);
  group.element({ tag: 0x00020000, vr: 'UL', value: metaBytes.length });
  const preamble = new Uint8Array(132);
  preamble.set(new TextEncoder().encode('DICM'), 128);
  return concatBytes([preamble, group.bytes(), metaBytes, dataSet]);
}

/** Splits a frame into `n` fragments of even length (PS3.5 A.4: items have even length). */
function splitEven(frame: Uint8Array, n: number): Uint8Array[] {
  const padded = frame.length % 2 ? concatBytes([frame, new Uint8Array(1)]) : frame;
  if (n <= 1) return [padded];
  const size = Math.max(2, Math.ceil(padded.length / n / 2) * 2);
  const out: Uint8Array[] = [];
  for (let at = 0; at < padded.length; at += size) out.push(padded.subarray(at, at + size));
  return out;
}
