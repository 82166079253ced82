/**
 * multipart/related bodies (RFC 2387, MIME framing of RFC 2046 5.1) as
 * DICOMweb uses them: WADO-RS answers instances as parts (PS3.18 8.6.1.2,
 * 8.7.3) and STOW-RS takes them as parts (PS3.18 10.5.1.2).
 */
import { concatBytes } from '../../dicom/internal/concatBytes';

/** The boundary parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first!, from);
    i !== -1 && i + needle.length <= haystack.length;
    i = haystack.indexOf(first!, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export interface Part {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Splits a multipart body into its parts; throws an Error for a body that is not one. */
export function parseMultipart(body: Uint8Array, boundary: string): Part[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const parts: Part[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at === -1) throw new Error('the multipart body has no boundary line');
  for (;;) {
    let start = at + delimiter.length;
    // "--" after the delimiter closes the body (RFC 2046 5.1.1).
    if (body[start] === 0x2d && body[start + 1] === 0x2d) return parts;
    const lineEnd = indexOf(body, new Uint8Array([0x0d, 0x0a]), start);
    if (lineEnd === -1) throw new Error('the multipart body ends inside a boundary line');
    start = lineEnd + 2;
    const headerEnd = indexOf(body, new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]), start - 2);
    if (headerEnd === -1) throw new Error('a multipart part has no end of headers');
    const headers: Record<string, string> = {};
    for (const line of new TextDecoder().decode(body.subarray(start, headerEnd)).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const next = indexOf(body, delimiter, headerEnd + 4);
    if (next === -1) throw new Error('the multipart body ends without its closing boundary');
    // The CRLF before a delimiter belongs to the delimiter.
    const end = next >= 2 && body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    parts.push({ headers, body: body.slice(headerEnd + 4, end) });
    at = next;
  }
}

/** A multipart/related body of application/dicom parts (PS3.18 10.5.1.2.1) and its boundary. */
export function buildMultipart(
  files: readonly Uint8Array[],
  type = 'application/dicom',
): { body: Uint8Array<ArrayBuffer>; boundary: string } {
  const boundary = `mmx-${globalThis.crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const file of files) {
    chunks.push(
      encoder.encode(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`),
      file,
      encoder.encode('\r\n'),
    );
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: concatBytes(chunks), boundary };
}
