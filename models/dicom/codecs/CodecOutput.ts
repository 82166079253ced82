/** What a codec hands back for one frame: pixel-interleaved samples. */
export interface CodecOutput {
  /** 8-bit samples as Uint8Array; wider samples as 16-bit (Int16Array when signed). */
  samples: Uint8Array | Uint16Array | Int16Array;
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  /** True when the codec already turned YCbCr into RGB (libjpeg, JPEG 2000 MCT). */
  colorConverted: boolean;
}
