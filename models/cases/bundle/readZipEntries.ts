import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';

/** Why a zip is refused: one sentence for the user. */
export class ZipRefused extends Error {
  override name = 'ZipRefused';
}

export interface ZipLimits {
  maxEntries: number;
  /** The largest uncompressed size of one entry, by name. */
  maxEntryBytes: (name: string) => number;
  maxTotalBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const INFLATE_CHUNK = 64 * 1024;

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes (APPNOTE 4.3.16).
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw new ZipRefused('it is not a zip file (no end of central directory)');
}

/** Inflates with a cap on the actual output, whatever the headers declare (a zip bomb lies about sizes). */
function inflateCapped(data: Uint8Array, cap: number, name: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap)
      throw new ZipRefused(`the entry ${name} inflates to more than its declared ${cap} bytes`);
    parts.push(chunk);
  });
  for (let at = 0; at < data.length; at += INFLATE_CHUNK) {
    inflater.push(data.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= data.length);
  }
  if (data.length === 0) inflater.push(new Uint8Array(0), true);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The entries of a zip (PKWARE APPNOTE 6.3.x), read defensively: from the
 * central directory, each local header checked against it, stored or deflated
 * only, no encryption, no ZIP64, names unique and free of path traversal,
 * counts and declared sizes within the limits before anything is inflated,
 * actual sizes capped while inflating, and every CRC-32 checked.
 */
export function readZipEntries(zip: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (zip.length < 22) throw new ZipRefused('it is not a zip file (too short)');
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  const centralSize = view.getUint32(end + 12, true);
  const centralStart = view.getUint32(end + 16, true);
  if (count === 0xffff || centralStart === 0xffffffff)
    throw new ZipRefused('ZIP64 archives are not accepted');
  if (count > limits.maxEntries)
    throw new ZipRefused(`it has ${count} entries; at most ${limits.maxEntries} are accepted`);
  if (centralStart + centralSize > end)
    throw new ZipRefused('its central directory is out of bounds');

  interface Entry {
    name: string;
    method: number;
    crc: number;
    compressedSize: number;
    size: number;
    localOffset: number;
  }
  const entries: Entry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let at = centralStart;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL)
      throw new ZipRefused('its central directory is damaged');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) throw new ZipRefused('its central directory is damaged');
    let name: string;
    try {
      name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    } catch {
      throw new ZipRefused('an entry name is not UTF-8');
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) throw new ZipRefused(`the entry ${name} is encrypted`);
    if (method !== 0 && method !== 8)
      throw new ZipRefused(
        `the entry ${name} uses compression method ${method}; only stored and deflate are accepted`,
      );
    if (
      name.startsWith('/') ||
      name.includes('\\') ||
      /^[A-Za-z]:/.test(name) ||
      name.split('/').some((part) => part === '..' || part === '.') ||
      name.includes('\0')
    )
      throw new ZipRefused(`the entry name ${JSON.stringify(name)} points outside the bundle`);
    if (names.has(name)) throw new ZipRefused(`the entry ${name} appears twice`);
    names.add(name);
    const max = limits.maxEntryBytes(name);
    if (size > max)
      throw new ZipRefused(`the entry ${name} declares ${size} bytes; at most ${max} are accepted`);
    declaredTotal += size;
    if (declaredTotal > limits.maxTotalBytes)
      throw new ZipRefused(`its entries declare more than ${limits.maxTotalBytes} bytes in all`);
    entries.push({ name, method, crc, compressedSize, size, localOffset });
  }

  const out = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > centralStart || view.getUint32(local, true) !== LOCAL)
      throw new ZipRefused(`the entry ${entry.name} has no local header`);
    const localNameLength = view.getUint16(local + 26, true);
    const localExtraLength = view.getUint16(local + 28, true);
    const localName = zip.subarray(local + 30, local + 30 + localNameLength);
    // A local name unlike the central one is how two unzippers are made to see two archives.
    if (new TextDecoder().decode(localName) !== entry.name)
      throw new ZipRefused(`the entry ${entry.name} has a different name in its local header`);
    const dataStart = local + 30 + localNameLength + localExtraLength;
    if (dataStart + entry.compressedSize > centralStart)
      throw new ZipRefused(`the entry ${entry.name} is out of bounds`);
    const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
    let bytes: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size)
        throw new ZipRefused(`the entry ${entry.name} has inconsistent sizes`);
      bytes = data;
    } else {
      try {
        bytes = inflateCapped(data, entry.size, entry.name);
      } catch (error) {
        if (error instanceof ZipRefused) throw error;
        throw new ZipRefused(`the entry ${entry.name} is not valid deflate data`);
      }
    }
    if (bytes.length !== entry.size)
      throw new ZipRefused(
        `the entry ${entry.name} inflates to ${bytes.length} bytes, not the ${entry.size} it declares`,
      );
    if (crc32(bytes) >>> 0 !== entry.crc)
      throw new ZipRefused(`the entry ${entry.name} fails its CRC-32 check`);
    out.set(entry.name, bytes);
  }
  return out;
}
