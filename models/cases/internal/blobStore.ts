import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir, writeFileDurably } from './durableFile';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Image and original files by SHA-256 under `<store>/blobs/ab/abcd…`. They
 * are written and fsynced before the transaction that names them commits, so
 * a committed case never points at a missing file; a blob a crash left
 * unnamed is only wasted space.
 */
export class BlobStore {
  constructor(private readonly dir: string) {}

  private file(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new Error(`BlobStore: not a SHA-256 digest: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  put(bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const file = this.file(sha256);
    if (existsSync(file)) return sha256;
    const sub = path.dirname(file);
    if (!existsSync(sub)) {
      mkdirSync(sub, { recursive: true });
      fsyncDir(this.dir);
    }
    writeFileDurably(file, bytes);
    return sha256;
  }

  get(sha256: string): Uint8Array {
    return new Uint8Array(readFileSync(this.file(sha256)));
  }

  remove(sha256: string): void {
    rmSync(this.file(sha256), { force: true });
  }

  has(sha256: string): boolean {
    return existsSync(this.file(sha256));
  }
}
