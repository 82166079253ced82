/**
 * Test-side JPEG 2000 / HTJ2K encoding with the encoders that ship in the
 * same @cornerstonejs packages (full builds), for files dcmtk cannot write.
 */
export async function encodeJ2k(
  kind: 'jpeg2000' | 'htj2k',
  samples: Uint8Array | Uint16Array | Int16Array,
  info: {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  },
  { lossless = true }: { lossless?: boolean } = {},
): Promise<Uint8Array> {
  const mod =
    kind === 'jpeg2000'
      ? new (
          await (
            await import('@cornerstonejs/codec-openjpeg/wasmjs')
          ).default({ print: () => {}, printErr: () => {} })
        ).J2KEncoder()
      : new (
          await (
            await import('@cornerstonejs/codec-openjph/wasmjs')
          ).default({ print: () => {}, printErr: () => {} })
        ).HTJ2KEncoder();
  try {
    const input = mod.getDecodedBuffer({ ...info, isUsingColorTransform: false } as CodecFrameInfo);
    input.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    // OpenJPEG refuses more wavelet levels than the image has halvings (default 5).
    const levels = Math.min(5, Math.floor(Math.log2(Math.min(info.width, info.height))));
    if (kind === 'jpeg2000')
      (mod as { setDecompositions?: (n: number) => void }).setDecompositions?.(levels);
    if (!lossless) mod.setQuality(false, kind === 'jpeg2000' ? 10 : 0.01);
    mod.encode();
    return mod.getEncodedBuffer().slice();
  } finally {
    mod.delete();
  }
}
