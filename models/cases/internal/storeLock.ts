import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../electron/common/appError';
import { processAlive } from './durableFile';

const WAIT_STEP_MS = 10;
/** A lock file left empty by a writer killed between creating and filling it counts as stale after this. */
const EMPTY_LOCK_STALE_MS = 2_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock's text when its holder is gone (a dead pid, or empty for too long); null while it is held or free. */
function staleLock(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.trim() === '')
      return Date.now() - statSync(file).mtimeMs > EMPTY_LOCK_STALE_MS ? text : null;
    return processAlive(Number(text.trim())) ? null : text;
  } catch (error) {
    // Gone between our attempt and this look: not stale, just free.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Removes the stale lock whose text was `seen`. Not by name: another waiter
 * may have removed it and taken the lock since we looked, and removing that
 * live lock would let two writers in. A rename takes exactly one file, whose
 * text says whether it is the stale one; a live lock goes back (link(2)
 * fails if yet another lock is there, which then stays the one lock).
 */
function removeStaleLock(file: string, seen: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== seen) linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Runs `fn` holding the store's lock file, which holds the pid, so the app,
 * web mode and the CLI can write one store: a writer reads the newest file
 * under the lock before it changes anything. The lock appears whole (our pid
 * written to a file of our own, then link(2), which fails if a lock exists),
 * so it is never seen empty. A lock whose process died (SIGKILL) is taken over.
 */
export function withStoreLock<T>(file: string, fn: () => T, { timeoutMs = 10_000 } = {}): T {
  const deadline = Date.now() + timeoutMs;
  const mine = `${file}.${process.pid}.new`;
  writeFileSync(mine, String(process.pid));
  try {
    for (;;) {
      try {
        linkSync(mine, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const stale = staleLock(file);
      if (stale !== null) {
        removeStaleLock(file, stale);
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
  } finally {
    rmSync(mine, { force: true });
  }
  try {
    return fn();
  } finally {
    rmSync(file, { force: true });
  }
}
