import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * Resolves benchmark image names against their folder and reports the first
 * that is not a readable file, so that one missing image fails one question
 * instead of the run.
 */
export function checkImages(dir: string, names: string[]): { paths: string[]; error?: string } {
  const paths = names.map((name) => (isAbsolute(name) ? name : resolve(dir, name)));
  for (const [i, path] of paths.entries()) {
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) return { paths, error: `missing image '${names[i]}' (looked for ${path})` };
  }
  return { paths };
}

/**
 * Makes ids unique in file order (`id`, `id~2`, `id~3`, ...) so that --resume,
 * which skips finished ids, never confuses two questions that share an id.
 */
export function uniqueId(seen: Map<string, number>, id: string): string {
  const n = (seen.get(id) ?? 0) + 1;
  seen.set(id, n);
  return n === 1 ? id : `${id}~${n}`;
}
