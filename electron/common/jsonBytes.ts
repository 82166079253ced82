// Web mode carries requests as JSON, which has no bytes: a Uint8Array travels
// as {"$base64": "..."} and is turned back on receipt. Electron IPC needs none
// of this (structured clone keeps typed arrays). Imports nothing.

const KEY = '$base64';
const CHUNK = 0x8000;

/** Base64 of bytes, in the browser and in Node (btoa). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** JSON.stringify replacer: Uint8Array → {"$base64": "..."}. */
export function bytesReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { [KEY]: toBase64(value) } : value;
}

/** JSON.parse reviver: {"$base64": "..."} (and nothing else in the object) → Uint8Array. */
export function bytesReviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const text = (value as Record<string, unknown>)[KEY];
  if (keys.length !== 1 || typeof text !== 'string') return value;
  try {
    return fromBase64(text);
  } catch {
    // Not base64: left as it is, for the schema to refuse.
    return value;
  }
}
