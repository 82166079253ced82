import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { AppError } from '../../../electron/common/appError';
import { processAlive } from './durableFile';

const WAIT_STEP_MS = 10;
/** A lock file left empty by a writer killed between creating and filling it counts as stale after this. */
const EMPTY_LOCK_STALE_MS = 2_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function staleLock(file: string): boolean {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (text === '') return Date.now() - statSync(file).mtimeMs > EMPTY_LOCK_STALE_MS;
    return !processAlive(Number(text));
  } catch (error) {
    // Gone between our attempt and this look: not stale, just free.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Runs `fn` holding the store's lock file (created with O_EXCL, holding the
 * pid), so the app, web mode and the CLI can write one store: a writer reads
 * the newest file under the lock before it changes anything. A lock whose
 * process died (SIGKILL) is taken over.
 */
export function withStoreLock<T>(file: string, fn: () => T, { timeoutMs = 10_000 } = {}): T {
  const deadline = Date.now() + timeoutMs;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (staleLock(file)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new AppError({
          code: 'case-store-busy',
          title: 'The case store is busy',
          cause: `another process holds ${file}`,
          suggestion: 'Try again; if no other MMedExpert is running, delete the lock file.',
        });
      sleep(WAIT_STEP_MS);
    }
  }
  try {
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return fn();
  } finally {
    rmSync(file, { force: true });
  }
}
