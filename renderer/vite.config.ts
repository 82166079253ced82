import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The renderer is a plain static build: served by web mode from dist/renderer
// and by Electron over its app:// protocol. Relative base so both work.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
