import { DicomError, describeThrown } from '../DicomError';

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
import type { CodecOutput } from './CodecOutput';
import { loadWasmCodec } from './loadWasmCodec';
import { interleavePlanes } from '../internal/interleavePlanes';

type WasmDecoderKind = 'jpeg' | 'jpegLs' | 'jpeg2000' | 'htj2k';

const labels: Record<WasmDecoderKind, string> = {
  jpeg: 'JPEG (libjpeg-turbo)',
  jpegLs: 'JPEG-LS (CharLS)',
  jpeg2000: 'JPEG 2000 (OpenJPEG)',
  htj2k: 'HTJ2K (OpenJPH)',
};

async function createDecoder(
  kind: WasmDecoderKind,
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
 * Decodes one codestream with a @cornerstonejs wasm codec. The decoded
 * buffer is a view into the wasm heap, so it is copied out before the
 * decoder is deleted. Sizes are checked against the DICOM header before the
 * copy so a lying codestream cannot make us allocate more than the header allows.
 */
export async function decodeWithWasm(
  kind: WasmDecoderKind,
  encoded: Uint8Array,
  expected: { width: number; height: number; maxBytes: number },
): Promise<CodecOutput> {
  const decoder = await createDecoder(kind);
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    try {
      decoder.decode();
    } catch (error) {
      throw new DicomError(
        'decodeFrame',
        `${labels[kind]} could not decode the frame: ${codecFailure(error)}`,
      );
    }
    const info = decoder.getFrameInfo();
    if (info.width !== expected.width || info.height !== expected.height) {
      throw new DicomError(
        'decodeFrame',
        `${labels[kind]} codestream is ${info.width}x${info.height}, the header says ${expected.width}x${expected.height}`,
      );
    }
    const view = decoder.getDecodedBuffer();
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    const needed = info.width * info.height * info.componentCount * bytesPerSample;
    if (needed > expected.maxBytes)
      throw new DicomError(
        'decodeFrame',
        `${labels[kind]} decoded ${info.componentCount} component(s) of ${info.bitsPerSample} bits, more than the DICOM header allows`,
      );
    if (view.length < needed)
      throw new DicomError(
        'decodeFrame',
        `${labels[kind]} returned ${view.length} bytes where the frame needs ${needed}: the codestream is incomplete`,
      );
    const copy = view.slice(0, needed);
    let samples: CodecOutput['samples'] = copy;
    if (bytesPerSample === 2)
      samples = info.isSigned ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
    // CharLS keeps a non-interleaved (planar) stream planar: interleave mode 0 (ISO 14495-1 Annex C).
    if (kind === 'jpegLs' && info.componentCount === 3 && decoder.getInterleaveMode?.() === 0) {
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
  } finally {
    decoder.delete();
  }
}
