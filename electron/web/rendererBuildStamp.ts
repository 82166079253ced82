import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Decides whether the built renderer still matches its sources, so `npm start`
 * builds only when something changed. Every renderer build (npm start, `npm
 * run build:renderer`, the e2e harness) writes a stamp into its output folder
 * from Vite's own module graph (renderer/vite.config.ts): each source file it
 * bundled, with size and modification time. The build is stale when the stamp
 * is missing, or any of those files, or one of the files below, differs.
 */
export const STAMP_FILE = '.mmx-build-stamp.json';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Inputs that are not modules of the graph: the page, the build config, the dependencies. */
const ALWAYS_CHECKED = [
  'renderer/index.html',
  'renderer/vite.config.ts',
  'electron/web/rendererBuildStamp.ts',
  'package.json',
  'package-lock.json',
];

interface Stamp {
  version: 1;
  /** Repository-relative path → [size in bytes, mtime in ms]. */
  files: Record<string, [number, number]>;
}

function fileState(path: string): [number, number] | undefined {
  try {
    const info = statSync(path);
    return [info.size, info.mtimeMs];
  } catch {
    return undefined;
  }
}

/** Repository files among Vite module ids: no virtual modules, no node_modules (package-lock covers them), no `?query`. */
export function sourceFilesOf(moduleIds: Iterable<string>, root: string = repoRoot): string[] {
  const files = new Set<string>();
  for (const id of moduleIds) {
    const path = id.replace(/\?.*$/, '');
    if (!isAbsolute(path) || path.includes(`${sep}node_modules${sep}`)) continue;
    const inRepo = relative(root, path);
    if (inRepo.startsWith('..') || isAbsolute(inRepo)) continue;
    files.add(inRepo.split(sep).join('/'));
  }
  return [...files].sort();
}

/** Records the state of the build's inputs in `outDir` (call after the build wrote it). */
export function writeRendererBuildStamp(
  outDir: string,
  sourceFiles: readonly string[],
  root: string = repoRoot,
): void {
  const files: Stamp['files'] = {};
  for (const file of [...new Set([...sourceFiles, ...ALWAYS_CHECKED])].sort()) {
    const state = fileState(join(root, file));
    if (state) files[file] = state;
  }
  const stamp: Stamp = { version: 1, files };
  writeFileSync(join(outDir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
}

/**
 * Why the build in `outDir` must be redone, in words, or undefined when it
 * is up to date.
 */
export function rendererBuildStaleness(
  outDir: string,
  root: string = repoRoot,
): string | undefined {
  if (!existsSync(join(outDir, 'index.html'))) return 'no build yet';
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(join(outDir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return 'the build has no stamp';
  }
  if (stamp.version !== 1 || typeof stamp.files !== 'object')
    return 'the stamp is from another version';
  for (const file of ALWAYS_CHECKED)
    if (!(file in stamp.files) && existsSync(join(root, file))) return `${file} is new`;
  for (const [file, [size, mtimeMs]] of Object.entries(stamp.files)) {
    const state = fileState(join(root, file));
    if (!state) return `${file} was removed`;
    if (state[0] !== size || state[1] !== mtimeMs) return `${file} changed`;
  }
  return undefined;
}
