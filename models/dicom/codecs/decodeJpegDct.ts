import { DicomError } from '../DicomError';
import type { CodecOutput } from './CodecOutput';
import { idctBlock } from './idctIslow';
import { readEntropySegment } from './readEntropySegment';

/**
 * Our own DCT JPEG decoder (ITU T.81) for what the bundled libjpeg-turbo
 * build lacks: 12-bit samples, i.e. JPEG Extended process 4 (SOF1) and the
 * retired spectral-selection / progressive processes 8 and 12 (SOF2), with
 * 8-bit too. Huffman coding only (no arithmetic coding, no hierarchical),
 * 1 to 4 components with any sampling factors, restart intervals. The
 * inverse DCT is IJG's integer "islow" (idctIslow.ts), the one dcmtk's
 * libijg uses, so samples match `dcmdjpeg`. Chroma planes are upsampled by
 * replication; DICOM 12-bit JPEG is almost always one component.
 * Returns the raw component samples, not colour-converted.
 */

// Zig-zag order to natural order (T.81 Figure A.6), with 16 entries of 63 beyond the end.
const zigzag = new Int32Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
  13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
  45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
  63, 63, 63, 63, 63,
]);

const corrupt = (detail: string): never => {
  throw new DicomError('decodeFrame', `JPEG codestream is corrupt: ${detail}`);
};

/** Codes up to this many bits decode with one table read; so do AC code + value pairs that fit. */
const FAST_BITS = 10;

interface Huffman {
  /** FAST_BITS lookup: (length << 8) | value, 0 for longer codes. */
  fast: Uint16Array;
  /**
   * FAST_BITS lookup of an AC code and the coefficient bits after it, when
   * both fit: value << 16 | run << 8 | bits used, 0 otherwise (stb_image's
   * fast AC table). Saves the receive and EXTEND of most coefficients.
   */
  fastAc: Int32Array;
  maxCode: Int32Array;
  valPtr: Int32Array;
  values: Uint8Array;
}

/** Canonical Huffman codes of a DHT table (T.81 Annex C, F.2.2.3). */
function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const size = 1 << FAST_BITS;
  const fast = new Uint16Array(size);
  const maxCode = new Int32Array(18).fill(-1);
  const valPtr = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    valPtr[len] = k - code;
    for (let j = 0; j < counts[len - 1]!; j++, k++, code++) {
      if (code >= 1 << len) corrupt('a Huffman table has more codes than fit');
      if (len <= FAST_BITS)
        fast.fill(
          (len << 8) | values[k]!,
          code << (FAST_BITS - len),
          (code + 1) << (FAST_BITS - len),
        );
    }
    maxCode[len] = counts[len - 1]! > 0 ? code - 1 : -1;
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  const fastAc = new Int32Array(size);
  for (let peek = 0; peek < size; peek++) {
    const hit = fast[peek]!;
    const length = hit >> 8;
    const run = (hit >> 4) & 15;
    const bits = hit & 15;
    if (hit === 0 || bits === 0 || length + bits > FAST_BITS) continue;
    const raw = (peek >> (FAST_BITS - length - bits)) & ((1 << bits) - 1);
    // EXTEND (F.2.2.1): the high bit clear means a negative value.
    const value = raw < 1 << (bits - 1) ? raw - (1 << bits) + 1 : raw;
    fastAc[peek] = value * 65536 + (run << 8) + length + bits;
  }
  return { fast, fastAc, maxCode, valPtr, values };
}

/** Bits of the entropy-coded data, MSB first; stuffed 0xFF00 undone; zeros after a marker (F.2.2.5). */
class BitReader {
  private buffer = 0;
  private bits = 0;
  /** Set when a marker stops the data. */
  marker = -1;

  constructor(
    private readonly data: Uint8Array,
    public position: number,
  ) {}

  private fill(): void {
    while (this.bits <= 24) {
      let byte = 0;
      if (this.marker < 0 && this.position < this.data.length) {
        byte = this.data[this.position]!;
        if (byte === 0xff) {
          const next = this.data[this.position + 1] ?? 0xd9;
          if (next === 0) this.position += 2;
          else if (next === 0xff) {
            this.position++;
            continue;
          } else {
            this.marker = next;
            byte = 0;
          }
        } else this.position++;
      }
      this.buffer = ((this.buffer << 8) | byte) >>> 0;
      this.bits += 8;
    }
  }

  bit(): number {
    if (this.bits < 1) this.fill();
    this.bits--;
    return (this.buffer >>> this.bits) & 1;
  }

  receive(n: number): number {
    if (n === 0) return 0;
    if (this.bits < n) this.fill();
    this.bits -= n;
    return (this.buffer >>> this.bits) & ((1 << n) - 1);
  }

  /** receive + EXTEND (F.2.2.1). */
  receiveExtend(n: number): number {
    if (n === 0) return 0;
    const v = this.receive(n);
    return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
  }

  decode(table: Huffman): number {
    if (this.bits < 16) this.fill();
    const peek = (this.buffer >>> (this.bits - FAST_BITS)) & ((1 << FAST_BITS) - 1);
    const hit = table.fast[peek]!;
    if (hit) {
      this.bits -= hit >> 8;
      return hit & 0xff;
    }
    const next16 = (this.buffer >>> (this.bits - 16)) & 0xffff;
    for (let len = FAST_BITS + 1; len <= 16; len++) {
      const code = next16 >>> (16 - len);
      if (code <= table.maxCode[len]!) {
        this.bits -= len;
        return table.values[table.valPtr[len]! + code]!;
      }
    }
    return corrupt('a Huffman code is not in its table');
  }

  /** After a restart interval: drop the bits left and step over the RSTn marker (F.2.2.5). */
  restart(): void {
    this.bits = 0;
    this.buffer = 0;
    if (this.marker < 0) {
      while (this.position + 1 < this.data.length) {
        if (this.data[this.position] === 0xff && this.data[this.position + 1] !== 0) break;
        this.position++;
      }
      this.marker = this.data[this.position + 1] ?? -1;
    }
    if (this.marker >= 0xd0 && this.marker <= 0xd7) this.position += 2;
    this.marker = -1;
  }
}

interface Component {
  id: number;
  h: number;
  v: number;
  quantTable: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Blocks per line in the coefficient store (whole MCUs). */
  stride: number;
  // 16-bit, as IJG's JCOEF (jmorecfg.h): a coefficient of 8- or 12-bit data fits; corrupt data wraps as there.
  coefficients: Int16Array;
  dcTable?: Huffman;
  acTable?: Huffman;
  pred: number;
}

interface Frame {
  progressive: boolean;
  precision: number;
  width: number;
  height: number;
  components: Component[];
  hMax: number;
  vMax: number;
  mcusPerLine: number;
  mcusPerColumn: number;
}

/** Reads the frame header (SOFn, T.81 B.2.2) and allocates the coefficients, within what the data can hold. */
function readFrame(data: Uint8Array, at: number, progressive: boolean): Frame {
  const precision = data[at]!;
  const height = (data[at + 1]! << 8) | data[at + 2]!;
  const width = (data[at + 3]! << 8) | data[at + 4]!;
  const count = data[at + 5]!;
  if (precision !== 8 && precision !== 12) corrupt(`${precision}-bit DCT samples`);
  if (width === 0 || height === 0) corrupt('the frame has no size (or a DNL marker)');
  if (count < 1 || count > 4) corrupt(`${count} components`);
  const parts: { id: number; h: number; v: number; quantTable: number }[] = [];
  for (let c = 0; c < count; c++) {
    const b = at + 6 + c * 3;
    const h = data[b + 1]! >> 4;
    const v = data[b + 1]! & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) corrupt('a sampling factor is out of range');
    parts.push({ id: data[b]!, h, v, quantTable: data[b + 2]! & 3 });
  }
  const hMax = Math.max(...parts.map((p) => p.h));
  const vMax = Math.max(...parts.map((p) => p.v));
  const mcusPerLine = Math.ceil(width / (8 * hMax));
  const mcusPerColumn = Math.ceil(height / (8 * vMax));
  const components = parts.map((p) => {
    const stride = mcusPerLine * p.h;
    return {
      ...p,
      blocksPerLine: Math.ceil(Math.ceil((width * p.h) / hMax) / 8),
      blocksPerColumn: Math.ceil(Math.ceil((height * p.v) / vMax) / 8),
      stride,
      coefficients: new Int16Array(stride * mcusPerColumn * p.v * 64),
      pred: 0,
    };
  });
  return {
    progressive,
    precision,
    width,
    height,
    components,
    hMax,
    vMax,
    mcusPerLine,
    mcusPerColumn,
  };
}

interface Scan {
  components: Component[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

type BlockDecoder = (
  reader: BitReader,
  c: Component,
  offset: number,
  state: { eobrun: number },
) => void;

/** The block decoder of one progressive scan (T.81 G.1.2). */
function blockDecoder(scan: Scan): BlockDecoder {
  const { ss, se, ah, al } = scan;
  if (ss === 0) {
    // DC scans (G.1.2.1): first pass or one refinement bit.
    if (ah === 0)
      return (reader, c, offset) => {
        const t = reader.decode(c.dcTable!);
        c.pred += reader.receiveExtend(t);
        c.coefficients[offset] = c.pred * (1 << al);
      };
    return (reader, c, offset) => {
      if (reader.bit()) c.coefficients[offset] = c.coefficients[offset]! | (1 << al);
    };
  }
  if (ah === 0)
    // AC first pass with end-of-band runs (G.1.2.2).
    return (reader, c, offset, state) => {
      if (state.eobrun > 0) {
        state.eobrun--;
        return;
      }
      for (let k = ss; k <= se;) {
        const rs = reader.decode(c.acTable!);
        const s = rs & 15;
        const r = rs >> 4;
        if (s === 0) {
          if (r < 15) {
            state.eobrun = (1 << r) - 1 + reader.receive(r);
            break;
          }
          k += 16;
          continue;
        }
        k += r;
        if (k > 63) corrupt('a coefficient run passes the end of a block');
        c.coefficients[offset + zigzag[k]!] = reader.receiveExtend(s) * (1 << al);
        k++;
      }
    };
  // AC refinement (G.1.2.3), as IJG's decode_mcu_AC_refine.
  const p1 = 1 << al;
  const m1 = -1 << al;
  return (reader, c, offset, state) => {
    const block = c.coefficients;
    const refine = (z: number) => {
      const coef = block[z]!;
      if (reader.bit() && (coef & p1) === 0) block[z] = coef >= 0 ? coef + p1 : coef + m1;
    };
    let k = ss;
    if (state.eobrun <= 0) {
      for (; k <= se; k++) {
        const rs = reader.decode(c.acTable!);
        let r = rs >> 4;
        let s = rs & 15;
        if (s) s = reader.bit() ? p1 : m1;
        else if (r !== 15) {
          state.eobrun = (1 << r) + reader.receive(r);
          break;
        }
        do {
          const z = offset + zigzag[k]!;
          if (block[z] !== 0) refine(z);
          else if (--r < 0) break;
          k++;
        } while (k <= se);
        if (s && k <= se) block[offset + zigzag[k]!] = s;
      }
    }
    if (state.eobrun > 0) {
      for (; k <= se; k++) {
        const z = offset + zigzag[k]!;
        if (block[z] !== 0) refine(z);
      }
      state.eobrun--;
    }
  };
}

/** Decodes one scan's entropy-coded data from `start`; returns where it ended. */
function decodeScan(
  data: Uint8Array,
  start: number,
  frame: Frame,
  scan: Scan,
  restartInterval: number,
): number {
  if (!frame.progressive) return decodeSequentialScan(data, start, frame, scan, restartInterval);
  const reader = new BitReader(data, start);
  const decodeBlock = blockDecoder(scan);
  const state = { eobrun: 0 };
  for (const c of scan.components) c.pred = 0;
  const single = scan.components.length === 1;
  const units = single
    ? scan.components[0]!.blocksPerLine * scan.components[0]!.blocksPerColumn
    : frame.mcusPerLine * frame.mcusPerColumn;
  for (let unit = 0; unit < units; unit++) {
    if (restartInterval > 0 && unit > 0 && unit % restartInterval === 0) {
      reader.restart();
      state.eobrun = 0;
      for (const c of scan.components) c.pred = 0;
    }
    if (single) {
      // A non-interleaved scan covers the component's own blocks (T.81 A.2.2).
      const c = scan.components[0]!;
      const row = Math.floor(unit / c.blocksPerLine);
      const col = unit % c.blocksPerLine;
      decodeBlock(reader, c, (row * c.stride + col) * 64, state);
      continue;
    }
    const mcuRow = Math.floor(unit / frame.mcusPerLine);
    const mcuCol = unit % frame.mcusPerLine;
    for (const c of scan.components)
      for (let y = 0; y < c.v; y++)
        for (let x = 0; x < c.h; x++)
          decodeBlock(reader, c, ((mcuRow * c.v + y) * c.stride + mcuCol * c.h + x) * 64, state);
  }
  return nextMarker(data, reader.position);
}

/** Where the next marker is, from `at` on (a reader stops at it, or before it on padding). */
function nextMarker(data: Uint8Array, at: number): number {
  while (
    at + 1 < data.length &&
    !(data[at] === 0xff && data[at + 1] !== 0 && data[at + 1] !== 0xff)
  )
    at++;
  return at;
}

/**
 * A sequential Huffman scan (processes 1, 2 and 4: T.81 F.2.2), the hot
 * path. Each restart interval's bytes are unstuffed first (readEntropySegment),
 * so the bit reader, kept in local variables, needs no marker checks; past
 * the segment it reads zeros, as F.2.2.5 asks. Most AC coefficients decode
 * with one read of the fast AC table.
 */
function decodeSequentialScan(
  data: Uint8Array,
  start: number,
  frame: Frame,
  scan: Scan,
  restartInterval: number,
): number {
  const components = scan.components;
  const single = components.length === 1;
  // The blocks of one MCU (or the one block of a non-interleaved scan, T.81 A.2.2).
  const blockComponent: Component[] = [];
  const blockDy: number[] = [];
  const blockDx: number[] = [];
  for (const c of components) {
    c.pred = 0;
    for (let y = 0; y < (single ? 1 : c.v); y++)
      for (let x = 0; x < (single ? 1 : c.h); x++) {
        blockComponent.push(c);
        blockDy.push(y);
        blockDx.push(x);
      }
  }
  const units = single
    ? components[0]!.blocksPerLine * components[0]!.blocksPerColumn
    : frame.mcusPerLine * frame.mcusPerColumn;
  let segment = readEntropySegment(data, start);
  let bytes = segment.bytes;
  let pos = 0;
  let buffer = 0;
  let bits = 0;
  const mask = (1 << FAST_BITS) - 1;
  for (let unit = 0; unit < units; unit++) {
    if (restartInterval > 0 && unit > 0 && unit % restartInterval === 0) {
      // Drop the bits left, step over RSTn, read the next interval (F.2.2.5).
      let at = segment.end;
      if (data[at + 1]! >= 0xd0 && data[at + 1]! <= 0xd7) at += 2;
      segment = readEntropySegment(data, at, bytes);
      bytes = segment.bytes;
      pos = 0;
      buffer = 0;
      bits = 0;
      for (const c of components) c.pred = 0;
    }
    let unitRow: number;
    let unitCol: number;
    if (single) {
      unitRow = Math.floor(unit / components[0]!.blocksPerLine);
      unitCol = unit % components[0]!.blocksPerLine;
    } else {
      unitRow = Math.floor(unit / frame.mcusPerLine);
      unitCol = unit % frame.mcusPerLine;
    }
    for (let b = 0; b < blockComponent.length; b++) {
      const c = blockComponent[b]!;
      const offset = single
        ? (unitRow * c.stride + unitCol) * 64
        : ((unitRow * c.v + blockDy[b]!) * c.stride + unitCol * c.h + blockDx[b]!) * 64;
      const block = c.coefficients;
      const dcTable = c.dcTable!;
      const acTable = c.acTable!;
      const acFast = acTable.fastAc;
      // DC difference (F.2.2.1): a category, then that many bits. The buffer takes two bytes
      // whenever 16 bits or fewer are left, so a code (up to 16 bits) always finds its bits, and
      // a value (up to 16 bits) after a refill before it.
      if (bits <= 16) {
        buffer = (buffer << 16) | (bytes[pos]! << 8) | bytes[pos + 1]!;
        pos += 2;
        bits += 16;
      }
      let hit = dcTable.fast[(buffer >>> (bits - FAST_BITS)) & mask]!;
      let t: number;
      if (hit) {
        bits -= hit >> 8;
        t = hit & 0xff;
      } else {
        const found = slowCode(dcTable, (buffer >>> (bits - 16)) & 0xffff);
        bits -= found >> 8;
        t = found & 0xff;
      }
      if (t > 16) corrupt('a DC difference category is out of range');
      if (t) {
        if (bits < t) {
          if (bits <= 16) {
            buffer = (buffer << 16) | (bytes[pos]! << 8) | bytes[pos + 1]!;
            pos += 2;
            bits += 16;
          }
        }
        bits -= t;
        const raw = (buffer >>> bits) & ((1 << t) - 1);
        c.pred += raw < 1 << (t - 1) ? raw - (1 << t) + 1 : raw;
      }
      block[offset] = c.pred;
      // AC coefficients (F.2.2.2): run/size codes until EOB or the end of the block.
      for (let k = 1; k < 64;) {
        if (bits <= 16) {
          buffer = (buffer << 16) | (bytes[pos]! << 8) | bytes[pos + 1]!;
          pos += 2;
          bits += 16;
        }
        const peek = (buffer >>> (bits - FAST_BITS)) & mask;
        const fast = acFast[peek]!;
        if (fast) {
          bits -= fast & 0xff;
          k += (fast >> 8) & 0xff;
          if (k > 63) corrupt('a coefficient run passes the end of a block');
          block[offset + zigzag[k]!] = fast >> 16;
          k++;
          continue;
        }
        hit = acTable.fast[peek]!;
        let rs: number;
        if (hit) {
          bits -= hit >> 8;
          rs = hit & 0xff;
        } else {
          const found = slowCode(acTable, (buffer >>> (bits - 16)) & 0xffff);
          bits -= found >> 8;
          rs = found & 0xff;
        }
        const size = rs & 15;
        if (size === 0) {
          if (rs !== 0xf0) break;
          k += 16;
          continue;
        }
        k += rs >> 4;
        if (k > 63) corrupt('a coefficient run passes the end of a block');
        if (bits < size) {
          if (bits <= 16) {
            buffer = (buffer << 16) | (bytes[pos]! << 8) | bytes[pos + 1]!;
            pos += 2;
            bits += 16;
          }
        }
        bits -= size;
        const raw = (buffer >>> bits) & ((1 << size) - 1);
        block[offset + zigzag[k]!] = raw < 1 << (size - 1) ? raw - (1 << size) + 1 : raw;
        k++;
      }
    }
  }
  return nextMarker(data, segment.end);
}

/** A code longer than FAST_BITS, from the next 16 bits: (length << 8) | value (F.2.2.3). */
function slowCode(table: Huffman, next16: number): number {
  for (let len = FAST_BITS + 1; len <= 16; len++) {
    const code = next16 >>> (16 - len);
    if (code <= table.maxCode[len]!) return (len << 8) | table.values[table.valPtr[len]! + code]!;
  }
  return corrupt('a Huffman code is not in its table');
}

/** Decodes a sequential or progressive Huffman DCT codestream (SOF0, SOF1, SOF2). */
export function decodeJpegDct(data: Uint8Array): CodecOutput {
  const u16 = (at: number) => (data[at]! << 8) | data[at + 1]!;
  if (data.length < 4 || u16(0) !== 0xffd8) corrupt('no SOI marker');
  const quant = [0, 1, 2, 3].map(() => new Int32Array(64));
  const dcTables: Huffman[] = [];
  const acTables: Huffman[] = [];
  let frame: Frame | undefined;
  let restartInterval = 0;
  let scans = 0;
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) corrupt(`no marker at byte ${at}`);
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9) break;
    if (marker >= 0xd0 && marker <= 0xd7) {
      at += 2;
      continue;
    }
    const length = u16(at + 2);
    const body = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > data.length) corrupt('a marker segment runs past the end');
    switch (marker) {
      case 0xdb: // DQT (B.2.4.1)
        for (let p = body; p < end;) {
          const sixteen = data[p]! >> 4;
          const table = quant[data[p]! & 3]!;
          p++;
          for (let k = 0; k < 64; k++, p += sixteen ? 2 : 1)
            table[zigzag[k]!] = sixteen ? u16(p) : data[p]!;
        }
        break;
      case 0xc4: // DHT (B.2.4.2)
        for (let p = body; p + 17 <= end;) {
          const cls = data[p]! >> 4;
          const id = data[p]! & 3;
          const counts = data.subarray(p + 1, p + 17);
          const total = counts.reduce((n, c) => n + c, 0);
          if (p + 17 + total > end) corrupt('a Huffman table runs past its segment');
          const table = buildHuffman(counts, data.subarray(p + 17, p + 17 + total));
          (cls === 0 ? dcTables : acTables)[id] = table;
          p += 17 + total;
        }
        break;
      case 0xdd: // DRI (B.2.4.4)
        restartInterval = u16(body);
        break;
      case 0xc0:
      case 0xc1:
      case 0xc2:
        if (frame) corrupt('two frame headers');
        if (length < 8) corrupt('a short frame header');
        frame = readFrame(data, body, marker === 0xc2);
        break;
      case 0xda: {
        // SOS (B.2.3)
        if (!frame) corrupt('a scan before the frame header');
        const f = frame!;
        const n = data[body]!;
        const components: Component[] = [];
        for (let i = 0; i < n; i++) {
          const id = data[body + 1 + i * 2]!;
          const tables = data[body + 2 + i * 2]!;
          const c =
            f.components.find((x) => x.id === id) ?? corrupt('a scan names an unknown component');
          c.dcTable = dcTables[tables >> 4] ?? c.dcTable;
          c.acTable = acTables[tables & 3] ?? c.acTable;
          components.push(c);
        }
        const p = body + 1 + n * 2;
        const scan = {
          components,
          ss: data[p]!,
          se: data[p + 1]!,
          ah: data[p + 2]! >> 4,
          al: data[p + 2]! & 15,
        };
        if (scan.se > 63 || scan.ss > scan.se || scan.al > 13)
          corrupt('a scan header is out of range');
        const needsDc = !f.progressive || (scan.ss === 0 && scan.ah === 0);
        const needsAc = !f.progressive || scan.ss > 0;
        for (const c of components)
          if ((needsDc && !c.dcTable) || (needsAc && !c.acTable))
            corrupt('a scan uses a Huffman table that is not defined');
        if (++scans > 1000) corrupt('more than 1000 scans');
        at = decodeScan(data, end, f, scan, restartInterval);
        continue;
      }
      default:
        if (
          marker >= 0xc3 &&
          marker <= 0xcf &&
          marker !== 0xc4 &&
          marker !== 0xc8 &&
          marker !== 0xcc
        )
          throw new DicomError(
            'decodeFrame',
            `JPEG process of marker SOF${marker - 0xc0} (hierarchical or arithmetic coding) is not supported`,
          );
    }
    at = end;
  }
  if (!frame || scans === 0) corrupt('no frame or no scan');
  return toSamples(frame!, quant);
}

/** Dequantises, inverse-transforms and upsamples into pixel-interleaved samples. */
function toSamples(frame: Frame, quant: Int32Array[]): CodecOutput {
  const { width, height, components, precision } = frame;
  const n = components.length;
  const out =
    precision > 8 ? new Uint16Array(width * height * n) : new Uint8Array(width * height * n);
  components.forEach((c, ci) => {
    const q = quant[c.quantTable]!;
    const planeWidth = c.blocksPerLine * 8;
    const direct = n === 1 && width === planeWidth && height === c.blocksPerColumn * 8;
    const plane = direct ? out : new Uint16Array(planeWidth * c.blocksPerColumn * 8);
    for (let by = 0; by < c.blocksPerColumn; by++)
      for (let bx = 0; bx < c.blocksPerLine; bx++)
        idctBlock(
          c.coefficients,
          (by * c.stride + bx) * 64,
          q,
          plane,
          by * 8 * planeWidth + bx * 8,
          planeWidth,
          precision,
        );
    if (direct) return;
    const sx = frame.hMax / c.h;
    const sy = frame.vMax / c.v;
    if (sx === 2 && (sy === 1 || sy === 2) && n > 1) {
      fancyUpsample(plane, planeWidth, c, frame, sy, out, n, ci);
      return;
    }
    for (let y = 0; y < height; y++) {
      const row = Math.floor(y / sy) * planeWidth;
      if (n === 1) {
        out.set(plane.subarray(row, row + width), y * width);
        continue;
      }
      for (let x = 0, o = y * width * n + ci; x < width; x++, o += n)
        out[o] = plane[row + Math.floor(x / sx)]!;
    }
  });
  return {
    samples: out,
    width,
    height,
    components: n,
    bitsPerSample: precision,
    colorConverted: false,
  };
}

/**
 * IJG's "fancy" (triangle-filter) upsampling of 2:1 horizontal (h2v1) and
 * 2:1 both ways (h2v2) chroma (jdsample.c), the default of the libjpeg that
 * dcmtk uses, so subsampled colour matches it. Edges replicate the last
 * real column and row, as libjpeg's context rows do.
 */
function fancyUpsample(
  plane: Uint8Array | Uint16Array,
  planeWidth: number,
  c: Component,
  frame: Frame,
  sy: number,
  out: Uint8Array | Uint16Array,
  n: number,
  ci: number,
): void {
  const { width, height } = frame;
  const inWidth = Math.ceil((width * c.h) / frame.hMax);
  const inHeight = Math.ceil((height * c.v) / frame.vMax);
  const at = (x: number, y: number) => plane[y * planeWidth + x]!;
  const put = (x: number, y: number, v: number) => {
    if (x < width && y < height) out[(y * width + x) * n + ci] = v;
  };
  for (let y = 0; y < inHeight; y++) {
    if (sy === 1) {
      if (inWidth === 1) {
        put(0, y, at(0, y));
        put(1, y, at(0, y));
        continue;
      }
      put(0, y, at(0, y));
      put(1, y, (at(0, y) * 3 + at(1, y) + 2) >> 2);
      for (let x = 1; x < inWidth - 1; x++) {
        const v = at(x, y) * 3;
        put(2 * x, y, (v + at(x - 1, y) + 1) >> 2);
        put(2 * x + 1, y, (v + at(x + 1, y) + 2) >> 2);
      }
      const last = inWidth - 1;
      put(2 * last, y, (at(last, y) * 3 + at(last - 1, y) + 1) >> 2);
      put(2 * last + 1, y, at(last, y));
      continue;
    }
    // Two output rows per input row: the upper one leans on the row above, the lower on the row below.
    for (const [outY, ny] of [
      [2 * y, Math.max(0, y - 1)],
      [2 * y + 1, Math.min(inHeight - 1, y + 1)],
    ] as const) {
      const col = (x: number) => at(x, y) * 3 + at(x, ny);
      if (inWidth === 1) {
        const v = (col(0) * 4 + 8) >> 4;
        put(0, outY, v);
        put(1, outY, v);
        continue;
      }
      let thisSum = col(0);
      let nextSum = col(1);
      put(0, outY, (thisSum * 4 + 8) >> 4);
      put(1, outY, (thisSum * 3 + nextSum + 7) >> 4);
      let lastSum = thisSum;
      thisSum = nextSum;
      for (let x = 1; x < inWidth - 1; x++) {
        nextSum = col(x + 1);
        put(2 * x, outY, (thisSum * 3 + lastSum + 8) >> 4);
        put(2 * x + 1, outY, (thisSum * 3 + nextSum + 7) >> 4);
        lastSum = thisSum;
        thisSum = nextSum;
      }
      const last = inWidth - 1;
      put(2 * last, outY, (thisSum * 3 + lastSum + 8) >> 4);
      put(2 * last + 1, outY, (thisSum * 4 + 7) >> 4);
    }
  }
}
