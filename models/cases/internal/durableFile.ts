import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** fsync of a folder, so a rename or a new name in it survives a power cut (POSIX; Windows cannot open folders). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `file` by `bytes` so that a crash at any moment leaves either the
 * old file or the new one, whole: write a temporary file beside it, fsync it,
 * rename it over `file` (atomic on one file system, POSIX rename(2)), fsync
 * the folder. The temporary name carries the pid so a later open can tell a
 * dead writer's leftover from a live one's (see removeStaleTemporaries).
 */
export function writeFileDurably(file: string, bytes: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
  fsyncDir(path.dirname(file));
}

/** Whether a process with this pid is alive (signal 0 checks without sending). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
