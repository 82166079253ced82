import { fileURLToPath } from 'node:url';
import { rendererBuildStaleness, repoRoot } from './rendererBuildStamp';

/** Where the built renderer is; MMX_RENDERER_DIST overrides (see renderer/vite.config.ts). */
export const rendererDist = process.env.MMX_RENDERER_DIST
  ? `${process.env.MMX_RENDERER_DIST.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

/**
 * Builds the renderer with Vite when its sources changed since the last build
 * (or there is none), so a warm start serves the existing build at once.
 * Returns whether it built.
 */
export async function ensureRendererBuilt(log: (line: string) => void): Promise<boolean> {
  const reason = rendererBuildStaleness(rendererDist);
  if (!reason) return false;
  log(`building the app (${reason})…`);
  const { build } = await import('vite');
  await build({ configFile: `${repoRoot}renderer/vite.config.ts`, logLevel: 'error' });
  return true;
}
