import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** One way a patient value may be written: the text to look for and how it was derived. */
interface Form {
  what: string;
  text: string;
  /** base64 is case-sensitive; text forms are compared in lower case. */
  exact: boolean;
}

/** The base64 text any encoding of `value` contains, for each of the 3 byte alignments. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [0, 1, 2].flatMap((shift) => {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Only the 4-character groups made of the value's bytes alone are fixed.
    const start = Math.ceil(shift / 3) * 4;
    const end = Math.floor((shift + bytes.length) / 3) * 4;
    return end - start >= 8 ? [b64.slice(start, end)] : [];
  });
}

/**
 * The forms to search for: each value as given, each part of a DICOM
 * Person Name (PS3.5 6.2: `Family^Given^Middle^Prefix^Suffix`) and the name
 * in reading order, a DA date (YYYYMMDD) also as YYYY-MM-DD, each in plain
 * text (any case, UTF-8/Latin-1 and UTF-16) and base64.
 */
export function patientDataForms(values: string[]): Form[] {
  const texts = new Set<string>();
  for (const value of values) {
    texts.add(value);
    const parts = value.split('^').filter((p) => p.length >= 4);
    if (parts.length > 1) {
      for (const part of parts) texts.add(part);
      texts.add(parts.slice(0, 2).reverse().join(' '));
    }
    const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
    if (date) texts.add(`${date[1]}-${date[2]}-${date[3]}`);
  }
  return [...texts].flatMap((text) => [
    { what: text, text: text.toLowerCase(), exact: false },
    ...base64Forms(text).map((b64) => ({ what: `${text} as base64`, text: b64, exact: true })),
  ]);
}

/** Which forms occur in the text or bytes (read as Latin-1, and as UTF-16 at both byte offsets). */
export function findPatientData(haystack: string | Uint8Array, forms: Form[]): string[] {
  const bytes =
    typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : Buffer.from(haystack);
  const views = [
    bytes.toString('latin1'),
    bytes.toString('utf16le'),
    bytes.subarray(1).toString('utf16le'),
  ];
  const lower = views.map((v) => v.toLowerCase());
  return forms
    .filter((form) => (form.exact ? views : lower).some((view) => view.includes(form.text)))
    .map((form) => form.what);
}

/** Every file under `dir`, relative path and bytes. */
export async function readTree(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(dir, full), bytes: await readFile(full) });
  }
  return out;
}
