import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { sourceFilesOf, writeRendererBuildStamp } from '../electron/web/rendererBuildStamp';

// The renderer is a plain static build: served by web mode from dist/renderer
// and by Electron over its app:// protocol. Relative base so both work.
// MMX_RENDERER_DIST moves the build (and what web mode serves), e.g. so two
// e2e runs on one machine do not overwrite each other's build.
const outDir =
  process.env.MMX_RENDERER_DIST ?? fileURLToPath(new URL('../dist/renderer', import.meta.url));

/** Records what this build read, so `npm start` rebuilds only when it changed. */
function buildStamp(): Plugin {
  let resolvedOutDir = outDir;
  return {
    name: 'mmx-build-stamp',
    apply: 'build',
    configResolved(config) {
      resolvedOutDir = config.build.outDir;
    },
    writeBundle() {
      writeRendererBuildStamp(resolvedOutDir, sourceFilesOf(this.getModuleIds()));
    },
  };
}

export default defineConfig({
  plugins: [buildStamp()],
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // The codec worker loads each wasm codec on first use (dynamic import), which needs ES module workers.
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
