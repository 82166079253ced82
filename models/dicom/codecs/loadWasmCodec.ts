/**
 * Lazy loading of the @cornerstonejs wasm codecs. Each codec is imported on
 * first use through its Emscripten factory, so a bundle that never meets a
 * JPEG 2000 file never fetches OpenJPEG. In Node the factory finds its .wasm
 * next to its own script; in a browser bundle the app tells it where the
 * .wasm was emitted (Vite: `import url from '@cornerstonejs/codec-charls/decodewasm?url'`).
 */
export type WasmCodecName = 'libjpegTurbo' | 'charls' | 'openjpeg' | 'openjph';

let wasmLocator: ((codec: WasmCodecName, fileName: string) => string | undefined) | undefined;

/** Sets where the browser finds each codec's .wasm; returns a disposer that restores the default. */
export function configureWasmCodecs(options: {
  locateWasm?: (codec: WasmCodecName, fileName: string) => string | undefined;
}): () => void {
  const previous = wasmLocator;
  wasmLocator = options.locateWasm;
  return () => {
    wasmLocator = previous;
  };
}

const importers = {
  libjpegTurbo: () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
  charls: () => import('@cornerstonejs/codec-charls/decodewasmjs'),
  openjpeg: () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'),
  openjph: () => import('@cornerstonejs/codec-openjph/wasmjs'),
};

type CodecModule<N extends WasmCodecName> = Awaited<
  ReturnType<Awaited<ReturnType<(typeof importers)[N]>>['default']>
>;

const loaded = new Map<WasmCodecName, Promise<unknown>>();

/** The initialised codec module, loaded once per process (or page). */
export function loadWasmCodec<N extends WasmCodecName>(name: N): Promise<CodecModule<N>> {
  let promise = loaded.get(name);
  if (!promise) {
    promise = importers[name]()
      .then((mod) => {
        const factory = mod.default as (options: EmscriptenOptions) => Promise<unknown>;
        const options: EmscriptenOptions = { print: () => {}, printErr: () => {} };
        const locator = wasmLocator;
        if (locator)
          options.locateFile = (path, prefix) =>
            path.endsWith('.wasm') ? (locator(name, path) ?? prefix + path) : prefix + path;
        return factory(options);
      })
      .catch((error: unknown) => {
        loaded.delete(name);
        throw error;
      });
    loaded.set(name, promise);
  }
  return promise as Promise<CodecModule<N>>;
}
