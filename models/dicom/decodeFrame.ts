import { DicomError } from './DicomError';
import type { CodecOutput } from './codecs/CodecOutput';
import { decodeJpegLossless } from './codecs/decodeJpegLossless';
import { decodeRle } from './codecs/decodeRle';
import { decodeWithCodec } from './codecs/decodeWithCodec';
import { readCodestreamSize } from './codecs/readCodestreamSize';
import { unsupportedJpegProcess } from './codecs/unsupportedJpegProcess';
import { encapsulatedFrame, nativeFrame, pixelDataElement } from './internal/frameBytes';
import { readLut, readSegmentedLut, type Lut } from './internal/readLut';
import { readNativeSamples } from './internal/readNativeSamples';
import { toStoredValues, type StoredPixels } from './internal/storedValues';
import { ybrPartialToRgb, ybrToRgb } from './internal/ybrToRgb';
import { parseDicom, type ParsedDicom } from './parseDicom';
import {
  assertDecodable,
  frameImageInfo,
  readImageInfo,
  type DicomImageInfo,
} from './readImageInfo';

export type { StoredPixels } from './internal/storedValues';
export type { Lut } from './internal/readLut';

export interface VoiWindow {
  center: number;
  width: number;
}

/** One decoded frame: stored values plus everything the display pipeline needs. */
export interface DecodedFrame {
  frameIndex: number;
  numberOfFrames: number;
  width: number;
  height: number;
  samplesPerPixel: 1 | 3;
  /** Of `pixels`: YBR data has been turned into RGB, so this is MONOCHROME1, MONOCHROME2, RGB or PALETTE COLOR. */
  photometricInterpretation: string;
  /** As written in the file. */
  sourcePhotometricInterpretation: string;
  bitsStored: number;
  signed: boolean;
  /** Stored values, pixel-interleaved (RGBRGB.. for colour). */
  pixels: StoredPixels;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** VOI windows from the file (PS3.3 C.11.2), first is the default. */
  windows: VoiWindow[];
  voiLutFunction: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
  /** First VOI LUT of the VOI LUT Sequence (0028,3010), if any. */
  voiLut?: Lut;
  /** Modality LUT Sequence (0028,3000): replaces rescale slope and intercept (PS3.3 C.11.1). */
  modalityLut?: Lut;
  /** Red, green, blue palette LUTs of PALETTE COLOR images (PS3.3 C.7.6.3.1.5). */
  palette?: { red: Lut; green: Lut; blue: Lut };
  /** What was wrong with the file but read anyway (same as `info.warnings`). */
  warnings: string[];
  info: DicomImageInfo;
}

/**
 * Decodes frame `frameIndex` (0-based) of a DICOM object to stored values,
 * for every transfer syntax in uids.ts that has a codec. The same function
 * feeds the viewer, the CLI and the model input.
 */
export async function decodeFrame(
  input: Uint8Array | ParsedDicom,
  frameIndex = 0,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DecodedFrame> {
  const parsed = input instanceof Uint8Array ? parseDicom(input) : input;
  const fileInfo = readImageInfo(parsed);
  if (!fileInfo.isImage && parsed.truncated)
    throw new DicomError('decodeFrame', 'the file is truncated before its Pixel Data');
  assertDecodable(fileInfo, 'decodeFrame');
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= fileInfo.numberOfFrames) {
    throw new DicomError(
      'decodeFrame',
      `frame ${frameIndex} does not exist (the file has ${fileInfo.numberOfFrames} frame(s), numbered from 0)`,
    );
  }
  // Enhanced multi-frame: this frame's window, rescale and spacing (PS3.3 C.7.6.16).
  const info = frameImageInfo(parsed, fileInfo, frameIndex);
  signal?.throwIfAborted();
  const pixels = await decodePixels(parsed, info, frameIndex);
  signal?.throwIfAborted();
  const expectedLength = info.rows * info.columns * info.samplesPerPixel;
  if (pixels.samples.length !== expectedLength) {
    throw new DicomError(
      'decodeFrame',
      `decoded ${pixels.samples.length} samples where the header needs ${expectedLength}`,
    );
  }
  const source = info.photometricInterpretation;
  let photometric = source;
  if (info.samplesPerPixel === 3) {
    if ((source === 'YBR_FULL' || source === 'YBR_FULL_422') && !pixels.colorConverted)
      ybrToRgb(pixels.samples, info.bitsStored, { tables: source === 'YBR_FULL' });
    else if (
      (source === 'YBR_PARTIAL_422' || source === 'YBR_PARTIAL_420') &&
      !pixels.colorConverted
    )
      ybrPartialToRgb(pixels.samples, info.bitsStored);
    photometric = 'RGB';
  } else if (photometric !== 'MONOCHROME1' && photometric !== 'PALETTE COLOR') {
    photometric = 'MONOCHROME2';
  }
  const ds = parsed.dataSet;
  const signedInput = info.pixelRepresentation === 1;
  const windows = info.windowCenter
    .map((center, i) => ({ center, width: info.windowWidth[i] ?? Number.NaN }))
    .filter((w) => Number.isFinite(w.center) && Number.isFinite(w.width) && w.width >= 1);
  const fn = info.voiLutFunction ?? '';
  const voiItem = ds.elements.x00283010?.items?.[0]?.dataSet;
  const frame: DecodedFrame = {
    frameIndex,
    numberOfFrames: info.numberOfFrames,
    width: info.columns,
    height: info.rows,
    samplesPerPixel: info.samplesPerPixel === 3 ? 3 : 1,
    photometricInterpretation: photometric,
    sourcePhotometricInterpretation: source,
    bitsStored: info.bitsAllocated === 1 ? 1 : info.bitsStored,
    signed: signedInput,
    pixels: pixels.samples,
    rescaleSlope: info.rescaleSlope,
    rescaleIntercept: info.rescaleIntercept,
    windows,
    voiLutFunction: fn === 'SIGMOID' || fn === 'LINEAR_EXACT' ? fn : 'LINEAR',
    warnings: info.warnings,
    info,
  };
  const modalityItem = ds.elements.x00283000?.items?.[0]?.dataSet;
  if (modalityItem) {
    const lut = readLut(modalityItem, 'x00283002', 'x00283006', signedInput);
    if (lut) frame.modalityLut = lut;
    else
      frame.warnings = [
        ...frame.warnings,
        'the Modality LUT Sequence has no complete LUT; rescale is used',
      ];
  }
  if (voiItem) {
    const lut = readLut(voiItem, 'x00283002', 'x00283006', signedInput);
    if (lut) frame.voiLut = lut;
  }
  if (photometric === 'PALETTE COLOR') {
    // Plain palette data (0028,1201-1203) or segmented data (0028,1221-1223, C.7.9.2).
    const palette = (descriptor: string, plain: string, segmented: string) =>
      readLut(ds, descriptor, plain, signedInput) ??
      readSegmentedLut(ds, descriptor, segmented, signedInput);
    const red = palette('x00281101', 'x00281201', 'x00281221');
    const green = palette('x00281102', 'x00281202', 'x00281222');
    const blue = palette('x00281103', 'x00281203', 'x00281223');
    if (!red || !green || !blue)
      throw new DicomError(
        'decodeFrame',
        'PALETTE COLOR image without complete palette LUTs (descriptors 0028,1101-1103 with data 0028,1201-1203 or segmented data 0028,1221-1223)',
      );
    frame.palette = { red, green, blue };
  }
  return frame;
}

async function decodePixels(
  parsed: ParsedDicom,
  info: DicomImageInfo,
  frameIndex: number,
): Promise<{ samples: StoredPixels; colorConverted: boolean }> {
  const syntax = parsed.transferSyntax;
  const pixelElement = pixelDataElement(parsed.dataSet);
  if (info.floatPixelData) {
    if (syntax.encoding !== 'native' || pixelElement?.encapsulatedPixelData)
      throw new DicomError('decodeFrame', 'Float Pixel Data must be native (uncompressed)');
    const { bytes } = nativeFrame(parsed, info, frameIndex);
    return {
      samples: readFloatSamples(bytes, info, syntax.bigEndian === true),
      colorConverted: false,
    };
  }
  switch (syntax.encoding) {
    case 'native': {
      if (pixelElement?.encapsulatedPixelData)
        throw new DicomError(
          'decodeFrame',
          `the transfer syntax ${syntax.name} needs native pixel data, the file has encapsulated (compressed) data`,
        );
      const { bytes, bitOffset } = nativeFrame(parsed, info, frameIndex);
      const owWordSwap =
        syntax.bigEndian === true && info.bitsAllocated === 8 && pixelElement?.vr === 'OW';
      return {
        samples: readNativeSamples(bytes, info, {
          bitOffset,
          bigEndian: syntax.bigEndian,
          owWordSwap,
        }),
        colorConverted: false,
      };
    }
    case 'rle': {
      const encoded = encapsulatedFrame(parsed, info, frameIndex);
      if (info.bitsAllocated === 1) {
        // One segment holding the frame's bits packed as native data (PS3.5 8.1.1), as GDCM reads it.
        const packed = decodeRle(encoded, {
          pixels: Math.ceil((info.rows * info.columns * info.samplesPerPixel) / 8),
          samplesPerPixel: 1,
          bytesPerSample: 1,
        });
        return { samples: readNativeSamples(packed, info, {}), colorConverted: false };
      }
      const bytesPerSample = info.bitsAllocated / 8;
      const planes = decodeRle(encoded, {
        pixels: info.rows * info.columns,
        samplesPerPixel: info.samplesPerPixel,
        bytesPerSample,
      });
      // RLE codes each sample plane separately, whatever Planar Configuration says (PS3.5 G.2).
      const rleInfo = {
        ...info,
        photometricInterpretation:
          info.photometricInterpretation === 'YBR_FULL_422'
            ? 'YBR_FULL'
            : info.photometricInterpretation,
      };
      return {
        samples: readNativeSamples(planes, rleInfo, { planar: true }),
        colorConverted: false,
      };
    }
    case 'jpegBaseline':
    case 'jpegExtended':
    case 'jpegLossless':
    case 'jpegLs':
    case 'jpeg2000':
    case 'htj2k':
      return fromCodec(
        await decodeCompressed(syntax.encoding, encapsulatedFrame(parsed, info, frameIndex), info),
        info,
      );
    default:
      throw new DicomError(
        'decodeFrame',
        `transfer syntax ${syntax.uid} (${syntax.name}) is not supported`,
      );
  }
}

/**
 * The codestream inside a JP2 file (ISO 15444-1 Annex I: signature box, then
 * boxes up to the Contiguous Codestream box 'jp2c'), which some writers put in
 * DICOM fragments although PS3.5 A.4.4 asks for the bare codestream.
 */
function unwrapJp2(bytes: Uint8Array): Uint8Array {
  const isJp2 =
    bytes.length > 12 &&
    bytes[3] === 12 &&
    bytes[4] === 0x6a &&
    bytes[5] === 0x50 &&
    bytes[6] === 0x20;
  if (!isJp2) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.length;) {
    let length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    let header = 8;
    if (length === 1 && at + 16 <= bytes.length) {
      length = Number(view.getBigUint64(at + 8));
      header = 16;
    }
    if (type === 0x6a703263)
      return bytes.subarray(at + header, length === 0 ? bytes.length : at + length);
    if (length < header) break;
    at += length;
  }
  throw new DicomError('decodeFrame', 'the JP2 file in the frame has no codestream box (jp2c)');
}

async function decodeCompressed(
  encoding: 'jpegBaseline' | 'jpegExtended' | 'jpegLossless' | 'jpegLs' | 'jpeg2000' | 'htj2k',
  frameBytes: Uint8Array,
  info: DicomImageInfo,
): Promise<CodecOutput> {
  const encoded =
    encoding === 'jpeg2000' || encoding === 'htj2k' ? unwrapJp2(frameBytes) : frameBytes;
  const size = readCodestreamSize(encoded);
  const expected = { width: info.columns, height: info.rows };
  if (!size)
    throw new DicomError(
      'decodeFrame',
      'the frame does not start with a JPEG or JPEG 2000 codestream header',
    );
  const unsupported = unsupportedJpegProcess(size);
  if (unsupported) throw new DicomError('decodeFrame', unsupported);
  if (size.width !== expected.width || size.height !== expected.height) {
    throw new DicomError(
      'decodeFrame',
      `codestream is ${size.width}x${size.height}, the header says ${expected.width}x${expected.height}`,
    );
  }
  // What the codestream can possibly decode to, checked before a codec allocates the frame:
  // a DCT block costs at least 2 bits (a 1-bit DC code and a 1-bit EOB, T.81 F.1.2), so one
  // byte covers at most 256 pixels; a lossless sample costs at least 1 bit (T.81 H.1.2).
  const pixels = info.rows * info.columns;
  const perByte =
    encoding === 'jpegBaseline' || encoding === 'jpegExtended'
      ? 256
      : encoding === 'jpegLossless'
        ? 8 / info.samplesPerPixel
        : Number.POSITIVE_INFINITY;
  if (pixels > encoded.length * perByte)
    throw new DicomError(
      'decodeFrame',
      `the ${encoded.length}-byte codestream cannot hold a ${info.columns}x${info.rows} frame: the pixel data is truncated or corrupt`,
    );
  const maxBytes = pixels * info.samplesPerPixel * 2;
  switch (encoding) {
    case 'jpegBaseline':
    case 'jpegExtended':
      // The bundled libjpeg-turbo is an 8-bit build: 12-bit DCT (processes 4, 8, 12) is ours.
      if (size.precision > 8) return decodeWithCodec('jpegDct', encoded, { ...expected, maxBytes });
      // PS3.5 8.2.1: Photometric RGB says the JPEG holds RGB, untransformed. libjpeg-turbo
      // would read a 3-component stream without JFIF or Adobe marker as YCbCr; ours does not
      // convert (as dcmtk, which follows the Photometric Interpretation).
      if (
        size.components === 3 &&
        info.photometricInterpretation === 'RGB' &&
        !hasColourMarker(encoded)
      )
        return decodeWithCodec('jpegDct', encoded, { ...expected, maxBytes });
      return decodeWithCodec('jpeg', encoded, { ...expected, maxBytes });
    case 'jpegLossless':
      return decodeJpegLossless(encoded, {
        ...expected,
        bitsAllocated: info.bitsAllocated,
        components: info.samplesPerPixel,
      });
    case 'jpegLs':
      return decodeWithCodec('jpegLs', encoded, { ...expected, maxBytes });
    case 'jpeg2000':
      return decodeWithCodec('jpeg2000', encoded, { ...expected, maxBytes });
    case 'htj2k':
      return decodeWithCodec('htj2k', encoded, { ...expected, maxBytes });
  }
}

/** Float or double float pixel values of one frame, in the file's byte order. */
function readFloatSamples(
  bytes: Uint8Array,
  info: DicomImageInfo,
  bigEndian: boolean,
): StoredPixels {
  const count = info.rows * info.columns;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (info.floatPixelData === 'float64') {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, !bigEndian);
    return out;
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, !bigEndian);
  return out;
}

/** Whether a JPEG stream names its colour space with a JFIF (APP0) or Adobe (APP14) marker, before its frame header. */
function hasColourMarker(bytes: Uint8Array): boolean {
  for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff;) {
    const marker = bytes[at + 1]!;
    if (marker === 0xe0 || marker === 0xee) return true;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xcc) return false;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  return false;
}

/** Codec samples to stored values: compressed data holds the low Bits Stored bits (PS3.5 8.2). */
function fromCodec(
  output: CodecOutput,
  info: DicomImageInfo,
): { samples: StoredPixels; colorConverted: boolean } {
  if (output.components !== info.samplesPerPixel) {
    throw new DicomError(
      'decodeFrame',
      `codestream has ${output.components} components, the header says ${info.samplesPerPixel} samples per pixel`,
    );
  }
  const raw =
    output.samples instanceof Int16Array
      ? new Uint16Array(output.samples.buffer, output.samples.byteOffset, output.samples.length)
      : output.samples;
  return {
    samples: toStoredValues(raw, info, info.bitsStored - 1),
    colorConverted: output.colorConverted,
  };
}
