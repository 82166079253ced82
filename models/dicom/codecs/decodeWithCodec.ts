import { DicomError, describeThrown } from '../DicomError';
import type { CodecOutput } from './CodecOutput';
import { decodeJpegDct } from './decodeJpegDct';
import { loadWasmCodec } from './loadWasmCodec';
import { interleavePlanes } from '../internal/interleavePlanes';

/** The codecs that run through the runner: the wasm ones, and our DCT decoder (12-bit JPEG). */
export type CodecKind = 'jpeg' | 'jpegLs' | 'jpeg2000' | 'htj2k' | 'jpegDct';

export const codecLabels: Record<CodecKind, string> = {
  jpeg: 'JPEG (libjpeg-turbo)',
  jpegLs: 'JPEG-LS (CharLS)',
  jpeg2000: 'JPEG 2000 (OpenJPEG)',
  htj2k: 'HTJ2K (OpenJPH)',
  jpegDct: 'JPEG (12-bit DCT decoder)',
};

/** What one decode hands back: the codec's frame info and exactly the frame's bytes. */
export interface CodecRunResult {
  info: CodecFrameInfo;
  interleaveMode?: number;
  decoded: Uint8Array;
}

/** Runs one decode; the default runs it here, the CLI and the app run it in a worker with a time limit. */
export type CodecRunner = (
  kind: CodecKind,
  encoded: Uint8Array,
  maxBytes: number,
) => Promise<CodecRunResult>;

/**
 * Why a codec failed, in words. Emscripten codecs throw C++ exceptions as a
 * bare heap pointer (a number): that says nothing to a user, so it becomes a sentence.
 */
function codecFailure(error: unknown): string {
  const text = describeThrown(error);
  if (typeof error === 'number' || /^\d+$/.test(text))
    return 'the codestream is corrupt or uses a feature the codec does not support';
  return text;
}

async function createDecoder(
  kind: Exclude<CodecKind, 'jpegDct'>,
): Promise<WasmCodecDecoder & { getInterleaveMode?(): number }> {
  switch (kind) {
    case 'jpeg':
      return new (await loadWasmCodec('libjpegTurbo')).JPEGDecoder();
    case 'jpegLs':
      return new (await loadWasmCodec('charls')).JpegLSDecoder();
    case 'jpeg2000':
      return new (await loadWasmCodec('openjpeg')).J2KDecoder();
    case 'htj2k':
      return new (await loadWasmCodec('openjph')).HTJ2KDecoder();
  }
}

/**
 * One decode in this thread. The decoded buffer is a view into the wasm
 * heap, so it is copied out before the decoder is deleted, and only after
 * its size is checked against `maxBytes` (what the DICOM header allows).
 */
export async function decodeInThisThread(
  kind: CodecKind,
  encoded: Uint8Array,
  maxBytes: number,
): Promise<CodecRunResult> {
  if (kind === 'jpegDct') return decodeDctInThisThread(encoded, maxBytes);
  const decoder = await createDecoder(kind);
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    try {
      decoder.decode();
    } catch (error) {
      throw new DicomError(
        'decodeFrame',
        `${codecLabels[kind]} could not decode the frame: ${codecFailure(error)}`,
      );
    }
    const info = decoder.getFrameInfo();
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    const needed = info.width * info.height * info.componentCount * bytesPerSample;
    if (needed > maxBytes)
      throw new DicomError(
        'decodeFrame',
        `${codecLabels[kind]} decoded a ${info.width}x${info.height} frame of ${info.componentCount} component(s) at ${info.bitsPerSample} bits, more than the DICOM header allows`,
      );
    const view = decoder.getDecodedBuffer();
    if (view.length < needed)
      throw new DicomError(
        'decodeFrame',
        `${codecLabels[kind]} returned ${view.length} bytes where the frame needs ${needed}: the codestream is incomplete`,
      );
    return {
      info: {
        width: info.width,
        height: info.height,
        bitsPerSample: info.bitsPerSample,
        componentCount: info.componentCount,
        isSigned: info.isSigned === true,
      },
      ...(decoder.getInterleaveMode ? { interleaveMode: decoder.getInterleaveMode() } : {}),
      decoded: view.slice(0, needed),
    };
  } finally {
    decoder.delete();
  }
}

/** Our DCT decoder, its samples as bytes like a wasm codec's (it checks its own frame size against the data). */
function decodeDctInThisThread(encoded: Uint8Array, maxBytes: number): CodecRunResult {
  const output = decodeJpegDct(encoded);
  const { samples } = output;
  if (samples.byteLength > maxBytes)
    throw new DicomError(
      'decodeFrame',
      `${codecLabels.jpegDct} decoded a ${output.width}x${output.height} frame of ${output.components} component(s), more than the DICOM header allows`,
    );
  return {
    info: {
      width: output.width,
      height: output.height,
      bitsPerSample: output.bitsPerSample,
      componentCount: output.components,
      isSigned: false,
    },
    decoded: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength),
  };
}

let runner: CodecRunner = decodeInThisThread;

/**
 * Sets how codec decodes run (the CLI: node/runCodecsInWorker.ts; the app:
 * renderer/src/features/viewer/codecs/runCodecsInWebWorker.ts); returns a disposer.
 */
export function configureCodecRunner(next: CodecRunner): () => void {
  const previous = runner;
  runner = next;
  return () => {
    runner = previous;
  };
}

/**
 * Decodes one codestream with a @cornerstonejs wasm codec or our DCT
 * decoder, through the configured runner, and checks the result against the
 * DICOM header.
 */
export async function decodeWithCodec(
  kind: CodecKind,
  encoded: Uint8Array,
  expected: { width: number; height: number; maxBytes: number },
): Promise<CodecOutput> {
  const { info, interleaveMode, decoded } = await runner(kind, encoded, expected.maxBytes);
  if (info.width !== expected.width || info.height !== expected.height) {
    throw new DicomError(
      'decodeFrame',
      `${codecLabels[kind]} codestream is ${info.width}x${info.height}, the header says ${expected.width}x${expected.height}`,
    );
  }
  let samples: CodecOutput['samples'] = decoded;
  if (info.bitsPerSample > 8) {
    const aligned = decoded.byteOffset % 2 === 0 ? decoded : decoded.slice();
    samples = info.isSigned
      ? new Int16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2)
      : new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
  }
  // CharLS keeps a non-interleaved (planar) stream planar: interleave mode 0 (ISO 14495-1 Annex C).
  if (kind === 'jpegLs' && info.componentCount === 3 && interleaveMode === 0) {
    samples = interleavePlanes(samples, info.width * info.height);
  }
  return {
    samples,
    width: info.width,
    height: info.height,
    components: info.componentCount,
    bitsPerSample: info.bitsPerSample,
    colorConverted: kind === 'jpeg' && info.componentCount === 3,
  };
}
