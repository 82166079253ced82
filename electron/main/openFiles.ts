import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenedFile } from '../common/contract';

/** Same cap as the renderer applies to dropped files. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export interface OpenResult {
  files: OpenedFile[];
  problems: string[];
}

/**
 * Reads the files the user picked in the native dialog. The renderer only
 * ever receives bytes, never a path it could reuse to read something else.
 */
export async function readPickedFiles(paths: string[]): Promise<OpenResult> {
  const files: OpenedFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (!info.isFile()) problems.push(`${basename(path)}: not a file`);
      else if (info.size > MAX_FILE_BYTES) problems.push(`${basename(path)}: larger than 1 GiB`);
      else files.push({ name: basename(path), bytes: new Uint8Array(await readFile(path)) });
    } catch (error) {
      problems.push(
        `${basename(path)}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`,
      );
    }
  }
  return { files, problems };
}
