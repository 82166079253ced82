import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `text` (or bytes) to a temporary file beside `file`, then renames it over
 * `file` (atomic on one file system), so an interrupted command never leaves
 * a half-written output where a later run would take it for a whole one.
 */
export async function writeAtomically(file: string, text: string | Uint8Array): Promise<void> {
  const temp = `${file}.partial-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}
