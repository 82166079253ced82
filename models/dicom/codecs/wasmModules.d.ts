// Types for the Emscripten factories of the @cornerstonejs codecs (the
// packages ship none). Each factory resolves to a module whose embind
// classes decode one codestream at a time through wasm-heap views.

interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

interface WasmCodecDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): CodecFrameInfo;
  decode(): void;
  delete(): void;
}

interface EmscriptenOptions {
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (
    options?: EmscriptenOptions,
  ) => Promise<{ JPEGDecoder: new () => WasmCodecDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    JpegLSDecoder: new () => WasmCodecDecoder & {
      getInterleaveMode(): number;
      getNearLossless(): number;
    };
  }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (
    options?: EmscriptenOptions,
  ) => Promise<{ J2KDecoder: new () => WasmCodecDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    HTJ2KDecoder: new () => WasmCodecDecoder;
    HTJ2KEncoder: new () => {
      getDecodedBuffer(info: CodecFrameInfo): Uint8Array;
      setQuality(lossless: boolean, quantizationStep: number): void;
      encode(): void;
      getEncodedBuffer(): Uint8Array;
      delete(): void;
    };
  }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    J2KEncoder: new () => {
      getDecodedBuffer(info: CodecFrameInfo): Uint8Array;
      setQuality(lossless: boolean, compressionRatio: number): void;
      setDecompositions?(n: number): void;
      encode(): void;
      getEncodedBuffer(): Uint8Array;
      delete(): void;
    };
  }>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(
      buffer: ArrayBufferLike,
      offset?: number,
      length?: number,
      numBytes?: number,
    ): Uint8Array | Uint16Array;
    numComp?: number;
  }
}
