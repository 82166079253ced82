import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './command';

/** Files larger than this are refused before reading (a multi-frame study file is well below). */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3 - 1;

/** Reads an input file for a CLI command; missing, unreadable or huge files are one-line usage errors. */
export async function readInputFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`'${path}' is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  if (size > MAX_INPUT_BYTES)
    throw new UsageError(`'${path}' is ${size} bytes, more than the ${MAX_INPUT_BYTES}-byte limit`);
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
