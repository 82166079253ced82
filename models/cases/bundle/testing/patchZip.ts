/**
 * Edits the headers of a zip the way a hostile one is made: sizes that lie,
 * names that differ between the central directory and the local header.
 * Offsets follow PKWARE APPNOTE 4.3.7 (local) and 4.3.12 (central).
 */
interface EntryOffsets {
  central: number;
  local: number;
  name: string;
}

function entries(zip: Uint8Array): EntryOffsets[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: EntryOffsets[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    out.push({
      central: at,
      local: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + skip;
  }
  return out;
}

function find(zip: Uint8Array, name: string): EntryOffsets {
  const entry = entries(zip).find((e) => e.name === name);
  if (!entry) throw new Error(`patchZip: no entry ${name}`);
  return entry;
}

/** Sets the declared uncompressed size of an entry in both headers. */
export function setDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const entry = find(out, name);
  view.setUint32(entry.central + 24, size, true);
  view.setUint32(entry.local + 22, size, true);
  return out;
}

/** Renames an entry (same length) in the central directory and, unless `centralOnly`, in its local header. */
export function renameEntry(
  zip: Uint8Array,
  from: string,
  to: string,
  { centralOnly = false } = {},
): Uint8Array {
  if (from.length !== to.length) throw new Error('patchZip: names must have the same length');
  const out = zip.slice();
  const entry = find(out, from);
  const bytes = new TextEncoder().encode(to);
  out.set(bytes, entry.central + 46);
  if (!centralOnly) out.set(bytes, entry.local + 30);
  return out;
}
