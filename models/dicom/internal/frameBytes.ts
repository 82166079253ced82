import { DicomError } from '../DicomError';
import type { ParsedDicom } from '../parseDicom';
import type { DicomImageInfo } from '../readImageInfo';

/**
 * The element holding the pixels: Pixel Data (7FE0,0010), or Float Pixel Data
 * (7FE0,0008) / Double Float Pixel Data (7FE0,0009) of parametric maps (PS3.3 C.7.6.3).
 */
export function pixelDataElement(dataSet: ParsedDicom['dataSet']) {
  return dataSet.elements.x7fe00010 ?? dataSet.elements.x7fe00008 ?? dataSet.elements.x7fe00009;
}

/** Bytes (or bits, for 1-bit data) one native frame occupies (PS3.5 8.1.1, PS3.3 C.7.6.3.1.2 for YBR_FULL_422). */
export function nativeFrameBits(info: DicomImageInfo): number {
  const pixels = info.rows * info.columns;
  const subsampled =
    info.photometricInterpretation === 'YBR_FULL_422' ||
    info.photometricInterpretation === 'YBR_PARTIAL_422';
  if (subsampled && info.samplesPerPixel === 3) {
    return pixels * 2 * info.bitsAllocated;
  }
  return pixels * info.samplesPerPixel * info.bitsAllocated;
}

/**
 * A warning when native Pixel Data is longer than the header needs (PS3.5
 * 8.1.1 allows one pad byte): dcmtk reads the bytes it needs and ignores the rest, so do we.
 */
export function oversizedPixelDataWarning(
  parsed: ParsedDicom,
  info: DicomImageInfo,
): string | undefined {
  const element = pixelDataElement(parsed.dataSet);
  if (!element || element.encapsulatedPixelData || parsed.transferSyntax.encoding !== 'native')
    return undefined;
  const neededBytes = Math.ceil((nativeFrameBits(info) * info.numberOfFrames) / 8);
  if (element.length <= neededBytes + 1) return undefined;
  return `the Pixel Data holds ${element.length} bytes where Rows, Columns, Samples per Pixel, Bits Allocated and Number of Frames need ${neededBytes}; the rest is ignored`;
}

/** The native pixel bytes of one frame, plus the bit offset for 1-bit data that does not start on a byte. */
export function nativeFrame(
  parsed: ParsedDicom,
  info: DicomImageInfo,
  frameIndex: number,
): { bytes: Uint8Array; bitOffset: number } {
  const { dataSet } = parsed;
  const element = pixelDataElement(dataSet);
  if (!element) throw new DicomError('decodeFrame', 'the file has no Pixel Data (7FE0,0010)');
  const available = Math.max(
    0,
    Math.min(element.length, dataSet.byteArray.length - element.dataOffset),
  );
  const frameBits = nativeFrameBits(info);
  const neededBytes = Math.ceil((frameBits * info.numberOfFrames) / 8);
  if (available < neededBytes || element.dataOffset + element.length > dataSet.byteArray.length) {
    throw new DicomError(
      'decodeFrame',
      `truncated pixel data: ${info.numberOfFrames} frame(s) of ${info.columns}x${info.rows} need ${neededBytes} bytes, the file holds ${available}`,
    );
  }
  const startBit = frameBits * frameIndex;
  const startByte = Math.floor(startBit / 8);
  const length = Math.ceil((startBit + frameBits) / 8) - startByte;
  const bytes = dataSet.byteArray.subarray(
    element.dataOffset + startByte,
    element.dataOffset + startByte + length,
  );
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    bitOffset: startBit % 8,
  };
}

/** First bytes that open a frame's codestream, used when fragments must be grouped into frames. */
function opensCodestream(bytes: Uint8Array, position: number): boolean {
  const a = bytes[position];
  const b = bytes[position + 1];
  if (a === 0xff && (b === 0xd8 || b === 0x4f)) return true; // JPEG SOI, J2K SOC
  return bytes[position + 4] === 0x6a && bytes[position + 5] === 0x50; // JP2 signature box 'jP'
}

/**
 * The compressed bytes of one frame of encapsulated pixel data (PS3.5 A.4):
 * by Extended Offset Table, Basic Offset Table, one fragment per frame, or
 * by finding each codestream's start marker.
 */
export function encapsulatedFrame(
  parsed: ParsedDicom,
  info: DicomImageInfo,
  frameIndex: number,
): Uint8Array {
  const { dataSet } = parsed;
  const element = dataSet.elements.x7fe00010;
  const fragments = element?.fragments;
  if (!element || !element.encapsulatedPixelData || !fragments) {
    throw new DicomError(
      'decodeFrame',
      `the transfer syntax ${parsed.transferSyntax.name} needs encapsulated pixel data, the file has native data`,
    );
  }
  if (fragments.length === 0)
    throw new DicomError('decodeFrame', 'encapsulated pixel data has no fragments');
  const bytes = dataSet.byteArray;
  for (const f of fragments) {
    if (f.position + f.length > bytes.length) {
      throw new DicomError(
        'decodeFrame',
        'truncated pixel data: a fragment runs past the end of the file',
      );
    }
  }
  const frames = info.numberOfFrames;
  const concat = (first: number, end: number): Uint8Array => {
    if (end - first === 1) {
      const f = fragments[first]!;
      return bytes.subarray(f.position, f.position + f.length);
    }
    const parts = fragments.slice(first, end);
    const out = new Uint8Array(parts.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of parts) {
      out.set(bytes.subarray(f.position, f.position + f.length), at);
      at += f.length;
    }
    return out;
  };
  const extended = extendedOffsetTable(parsed);
  if (extended) {
    const [offset, length] = [extended.offsets[frameIndex], extended.lengths[frameIndex]];
    const start = fragments.findIndex((f) => f.offset === offset);
    if (start < 0 || length === undefined)
      throw new DicomError('decodeFrame', 'the Extended Offset Table does not match the fragments');
    let end = start;
    let total = 0;
    while (end < fragments.length && total < length) total += fragments[end++]!.length;
    return concat(start, end);
  }
  const bot = element.basicOffsetTable ?? [];
  if (bot.length > 0) {
    if (bot.length !== frames)
      throw new DicomError(
        'decodeFrame',
        `the Basic Offset Table lists ${bot.length} frames, the header ${frames}`,
      );
    const start = fragments.findIndex((f) => f.offset === bot[frameIndex]);
    const nextOffset = bot[frameIndex + 1];
    const end =
      nextOffset === undefined
        ? fragments.length
        : fragments.findIndex((f) => f.offset === nextOffset);
    if (start < 0 || end <= start)
      throw new DicomError('decodeFrame', 'the Basic Offset Table does not match the fragments');
    return concat(start, end);
  }
  if (frames === 1) return concat(0, fragments.length);
  if (fragments.length === frames) return concat(frameIndex, frameIndex + 1);
  const starts = fragments.flatMap((f, i) => (opensCodestream(bytes, f.position) ? [i] : []));
  if (starts.length !== frames || starts[0] !== 0) {
    throw new DicomError(
      'decodeFrame',
      `cannot split ${fragments.length} fragments into ${frames} frames (no offset table)`,
    );
  }
  return concat(starts[frameIndex]!, starts[frameIndex + 1] ?? fragments.length);
}

/** Extended Offset Table (7FE0,0001) and lengths (7FE0,0002), 64-bit little endian (PS3.3 C.7.6.3.1.8). */
function extendedOffsetTable(
  parsed: ParsedDicom,
): { offsets: number[]; lengths: number[] } | undefined {
  const { dataSet } = parsed;
  const read = (tag: string): number[] | undefined => {
    const el = dataSet.elements[tag];
    if (!el || el.length === 0 || el.length % 8 !== 0) return undefined;
    const view = new DataView(
      dataSet.byteArray.buffer,
      dataSet.byteArray.byteOffset + el.dataOffset,
      el.length,
    );
    return Array.from({ length: el.length / 8 }, (_, i) => Number(view.getBigUint64(i * 8, true)));
  };
  const offsets = read('x7fe00001');
  const lengths = read('x7fe00002');
  if (!offsets || !lengths || offsets.length !== lengths.length) return undefined;
  return { offsets, lengths };
}
