// Bundles the preload into one CommonJS file for Electron 45: sandboxed
// preloads cannot load modules. The main process runs the TypeScript
// sources through tsx (electron/main/entry.mjs) and needs no bundle.
import { build } from 'esbuild';

await build({
  entryPoints: { preload: 'electron/preload/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron'],
  logLevel: 'warning',
});
console.log('built dist/electron/preload.cjs');
