import { buildHuffmanLookup, type HuffmanLookup } from './buildHuffmanLookup';
import { decodeDifferences } from './decodeDifferences';
import { readEntropySegment, type EntropySegment } from './readEntropySegment';

/** What `decodeProcess14` returns: pixel-interleaved samples of the one scan. */
export interface Process14Output {
  samples: Uint8Array | Uint16Array;
  width: number;
  height: number;
  components: number;
  precision: number;
}

interface ScanSetup {
  width: number;
  height: number;
  precision: number;
  components: number;
  /** DC Huffman table of each component, in scan order. */
  tables: HuffmanLookup[];
  predictor: number;
  restartInterval: number;
  /** Offset of the first entropy-coded byte. */
  start: number;
}

/**
 * JPEG lossless, process 14 (ITU T.81 Annex H), for the layout DICOM
 * encoders write: SOF3, one interleaved scan of 1 or 3 components with
 * sampling 1x1, predictors 1-7, no point transform. Returns undefined for
 * anything else (several scans, restart intervals other than with
 * predictor 1 on one component, a code not in the table, data that ends
 * early) so the caller can hand the frame to the general decoder.
 * `bytesPerSample` sets the output array (1: Uint8Array, 2: Uint16Array) and
 * the modulus of the reconstruction, as the general decoder does.
 */
export function decodeProcess14(
  data: Uint8Array,
  bytesPerSample: 1 | 2,
): Process14Output | undefined {
  const setup = readHeaders(data);
  if (!setup) return undefined;
  const { width, height, components } = setup;
  if (components === 3 && bytesPerSample !== 1) return undefined;
  if (setup.restartInterval !== 0 && (components !== 1 || setup.predictor !== 1)) return undefined;
  const count = width * height * components;
  const out = bytesPerSample === 1 ? new Uint8Array(count) : new Uint16Array(count);
  const ok =
    components === 1
      ? decodeGrey(data, setup, out, bytesPerSample === 1 ? 0xff : 0xffff)
      : decodeColour(data, setup, out);
  if (!ok) return undefined;
  return { samples: out, width, height, components, precision: setup.precision };
}

/** Frame, table and scan headers up to the first entropy-coded byte (T.81 B.2). */
function readHeaders(data: Uint8Array): ScanSetup | undefined {
  const u16 = (at: number) => (data[at]! << 8) | data[at + 1]!;
  if (data.length < 4 || u16(0) !== 0xffd8) return undefined;
  const huffman = new Map<number, HuffmanLookup>();
  let frame: { width: number; height: number; precision: number; ids: number[] } | undefined;
  let restartInterval = 0;
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return undefined;
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = u16(at + 2);
    const body = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > data.length) return undefined;
    if (marker === 0xc3) {
      if (frame || length < 8) return undefined;
      const n = data[body + 5]!;
      if (length !== 8 + 3 * n || (n !== 1 && n !== 3)) return undefined;
      const ids: number[] = [];
      for (let c = 0; c < n; c++) {
        // Sampling factors other than 1x1 change the MCU shape; leave those to the general decoder.
        if (data[body + 7 + 3 * c] !== 0x11) return undefined;
        ids.push(data[body + 6 + 3 * c]!);
      }
      frame = { precision: data[body]!, height: u16(body + 1), width: u16(body + 3), ids };
    } else if (marker === 0xc4) {
      let p = body;
      while (p < end) {
        const tcth = data[p]!;
        if (p + 17 > end) return undefined;
        const counts = data.subarray(p + 1, p + 17);
        let total = 0;
        for (const n of counts) total += n;
        if (p + 17 + total > end) return undefined;
        const lookup = buildHuffmanLookup(counts, data.subarray(p + 17, p + 17 + total));
        if (!lookup) return undefined;
        huffman.set(tcth, lookup);
        p += 17 + total;
      }
    } else if (marker === 0xdd) {
      if (length !== 4) return undefined;
      restartInterval = u16(body);
    } else if (marker === 0xda) {
      if (!frame) return undefined;
      const n = data[body]!;
      if (length !== 6 + 2 * n || n !== frame.ids.length) return undefined;
      const tables: HuffmanLookup[] = [];
      for (let c = 0; c < n; c++) {
        if (data[body + 1 + 2 * c] !== frame.ids[c]) return undefined;
        const table = huffman.get(data[body + 2 + 2 * c]! >> 4);
        if (!table) return undefined;
        tables.push(table);
      }
      const predictor = data[body + 1 + 2 * n]!;
      const pointTransform = data[body + 3 + 2 * n]! & 0x0f;
      const { width, height, precision } = frame;
      if (predictor < 1 || predictor > 7 || pointTransform !== 0) return undefined;
      if (width === 0 || height === 0 || precision < 2 || precision > 16) return undefined;
      return {
        width,
        height,
        precision,
        components: n,
        tables,
        predictor,
        restartInterval,
        start: end,
      };
    } else if (
      (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8) ||
      marker === 0xd9 ||
      (marker >= 0xd0 && marker <= 0xd7)
    ) {
      // Another process (DCT, arithmetic, hierarchical) or a misplaced marker.
      return undefined;
    }
    at = end;
  }
  return undefined;
}

/**
 * Entropy-coded segments of the scan, one per restart interval (T.81
 * F.1.2.3), each decoded one row of differences at a time.
 */
class ScanReader {
  private segment: EntropySegment;
  private view: DataView;
  private bitPos = 0;
  private readonly scratch: Uint8Array;
  constructor(
    private readonly data: Uint8Array,
    start: number,
    private readonly tables: readonly HuffmanLookup[],
  ) {
    this.segment = readEntropySegment(data, start);
    this.scratch = this.segment.bytes;
    this.view = new DataView(this.scratch.buffer, this.scratch.byteOffset, this.scratch.byteLength);
  }

  /** The next `count` differences into `diffs`; false when the data is not valid. */
  read(diffs: Int32Array, count: number): boolean {
    const { segment } = this;
    this.bitPos = decodeDifferences(
      this.view,
      segment.bitLength,
      this.bitPos,
      this.tables,
      diffs,
      count,
    );
    return this.bitPos >= 0;
  }

  /** Moves past the RSTn marker that ends the current interval (only padding bits may be left). */
  restart(): boolean {
    const { data, segment } = this;
    if (this.bitPos < 0 || segment.bitLength - this.bitPos >= 8) return false;
    let pos = segment.end;
    while (data[pos] === 0xff && data[pos + 1] === 0xff) pos++;
    const marker = data[pos + 1];
    if (data[pos] !== 0xff || marker === undefined || marker < 0xd0 || marker > 0xd7) return false;
    this.segment = readEntropySegment(data, pos + 2, this.scratch);
    this.bitPos = 0;
    return true;
  }
}

/**
 * Predictors of T.81 Table H.1 on one component; the first row uses Ra, the
 * first column Rb, and the first sample (of the image or of a restart
 * interval) 2^(P-1). Reconstruction is modulo the sample range (H.1.2.1).
 */
function decodeGrey(
  data: Uint8Array,
  setup: ScanSetup,
  out: Uint8Array | Uint16Array,
  mask: number,
): boolean {
  const { width, height, predictor, restartInterval } = setup;
  // Restart intervals are whole rows (T.81 H.1.1); other layouts go to the general decoder.
  if (restartInterval % width !== 0) return false;
  const rowsPerInterval = restartInterval / width;
  const reader = new ScanReader(data, setup.start, setup.tables);
  const initial = 1 << (setup.precision - 1);
  const diffs = new Int32Array(width);
  for (let y = 0, i = 0; y < height; y++) {
    const restarting = rowsPerInterval > 0 && y > 0 && y % rowsPerInterval === 0;
    if (restarting && !reader.restart()) return false;
    if (!reader.read(diffs, width)) return false;
    let prev = ((y === 0 || restarting ? initial : out[i - width]!) + diffs[0]!) & mask;
    out[i] = prev;
    if (y === 0 || predictor === 1) {
      for (let x = 1; x < width; x++) {
        prev = (prev + diffs[x]!) & mask;
        out[i + x] = prev;
      }
    } else {
      for (let x = 1, j = i + 1; x < width; x++, j++) {
        out[j] =
          (predict(predictor, out[j - 1]!, out[j - width]!, out[j - width - 1]!) + diffs[x]!) &
          mask;
      }
    }
    i += width;
  }
  return true;
}

/** Three components interleaved per pixel, each predicted from its own samples (8-bit output). */
function decodeColour(data: Uint8Array, setup: ScanSetup, out: Uint8Array | Uint16Array): boolean {
  const { width, height, predictor } = setup;
  const reader = new ScanReader(data, setup.start, setup.tables);
  const initial = 1 << (setup.precision - 1);
  const stride = width * 3;
  const diffs = new Int32Array(stride);
  for (let y = 0, i = 0; y < height; y++) {
    if (!reader.read(diffs, stride)) return false;
    for (let k = 0; k < stride; k++, i++) {
      let p: number;
      if (k >= 3) {
        p =
          y === 0 || predictor === 1
            ? out[i - 3]!
            : predict(predictor, out[i - 3]!, out[i - stride]!, out[i - stride - 3]!);
      } else p = y > 0 ? out[i - stride]! : initial;
      out[i] = (p + diffs[k]!) & 0xff;
    }
  }
  return true;
}

/** Table H.1 predictors 2-7 from Ra (left), Rb (above), Rc (above left); >> is arithmetic (H.1.2.1). */
function predict(predictor: number, a: number, b: number, c: number): number {
  switch (predictor) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return c;
    case 4:
      return a + b - c;
    case 5:
      return a + ((b - c) >> 1);
    case 6:
      return b + ((a - c) >> 1);
    default:
      return (a + b) >> 1;
  }
}
