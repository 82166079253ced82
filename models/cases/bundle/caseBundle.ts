import { zipSync, strToU8, type Zippable } from 'fflate';
import { AppError } from '../../../electron/common/appError';
import {
  CASE_SCHEMA_VERSION,
  caseDocumentSchema,
  type CaseDocument,
  type CaseOriginal,
} from '../../../electron/common/schemas/cases';
import { sha256Hex } from '../internal/blobStore';
import { readZipEntries, ZipRefused } from './readZipEntries';

/** The largest `.mmxcase` file import reads (the whole file is read into memory). */
export const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;
export const BUNDLE_LIMITS = {
  /** case.json plus at most 64 images and 64 originals (caseDocumentSchema). */
  maxEntries: 129,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntryBytes: (name: string) =>
    name === 'case.json'
      ? 16 * 1024 * 1024
      : name.startsWith('images/')
        ? 32 * 1024 * 1024
        : 256 * 1024 * 1024,
};

const EXTENSIONS: Record<CaseOriginal['mediaType'], string> = {
  'application/dicom': 'dcm',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

export function imageEntry(sha256: string): string {
  return `images/${sha256}.png`;
}
export function originalEntry(original: Pick<CaseOriginal, 'sha256' | 'mediaType'>): string {
  return `originals/${original.sha256}.${EXTENSIONS[original.mediaType]}`;
}

function refused(cause: string): AppError {
  return new AppError({
    code: 'case-bundle-invalid',
    title: 'This is not a case bundle MMedExpert can import',
    cause,
    suggestion: 'Export the case again from MMedExpert (File › Export case…).',
  });
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * A `.mmxcase` file: a zip of `case.json` (caseDocumentSchema, versioned),
 * `images/<sha256>.png` and `originals/<sha256>.<ext>`. The caller passes
 * originals already de-identified (exportCaseBundle does).
 */
export function writeCaseBundle(
  document: CaseDocument,
  file: (sha256: string) => Uint8Array,
): Uint8Array {
  const checked = caseDocumentSchema.parse(document);
  // A fixed time keeps the bytes of a bundle a function of its content.
  const mtime = new Date(checked.updated);
  const entries: Zippable = {
    'case.json': [strToU8(`${JSON.stringify(checked, null, 2)}\n`), { level: 6, mtime }],
  };
  for (const image of checked.images)
    entries[imageEntry(image.sha256)] = [file(image.sha256), { level: 0, mtime }];
  for (const original of checked.originals)
    entries[originalEntry(original)] = [file(original.sha256), { level: 6, mtime }];
  return zipSync(entries);
}

/**
 * Reads and validates a `.mmxcase` file: the zip defensively (readZipEntries),
 * `case.json` against the schema of this version, every file listed present
 * under its own SHA-256 and nothing else in the zip, images PNG, originals
 * de-identified. Anything else is refused with one sentence.
 */
export function readCaseBundle(zip: Uint8Array): {
  document: CaseDocument;
  files: Map<string, Uint8Array>;
} {
  if (zip.length > MAX_BUNDLE_BYTES)
    throw refused(`the file is larger than ${MAX_BUNDLE_BYTES} bytes`);
  let entries: Map<string, Uint8Array>;
  try {
    entries = readZipEntries(zip, BUNDLE_LIMITS);
  } catch (error) {
    if (error instanceof ZipRefused) throw refused(error.message);
    throw error;
  }
  const json = entries.get('case.json');
  if (!json) throw refused('it has no case.json');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw refused('case.json is not valid JSON');
  }
  const header = raw as { schema?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.schema !== 'mmx-case')
    throw refused('case.json does not declare "schema": "mmx-case"');
  if (typeof header.version === 'number' && header.version > CASE_SCHEMA_VERSION)
    throw refused(
      `case.json has version ${header.version}; this MMedExpert reads up to version ${CASE_SCHEMA_VERSION} (update the app)`,
    );
  const parsed = caseDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refused(`case.json ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const document = parsed.data;
  const files = new Map<string, Uint8Array>();
  const expected = new Map<string, string>();
  for (const image of document.images) expected.set(imageEntry(image.sha256), image.sha256);
  for (const original of document.originals) {
    if (!original.deidentified)
      throw refused(`the original ${original.name} is not marked de-identified`);
    expected.set(originalEntry(original), original.sha256);
  }
  for (const name of entries.keys())
    if (name !== 'case.json' && !expected.has(name))
      throw refused(`it holds ${name}, which case.json does not list`);
  for (const [name, sha256] of expected) {
    const bytes = entries.get(name);
    if (!bytes) throw refused(`it lacks ${name}, which case.json lists`);
    if (sha256Hex(bytes) !== sha256) throw refused(`${name} does not match its SHA-256`);
    files.set(sha256, bytes);
  }
  for (const image of document.images) {
    const bytes = files.get(image.sha256)!;
    if (image.size !== bytes.length)
      throw refused(`${imageEntry(image.sha256)} is not of the size case.json gives`);
    if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b))
      throw refused(`${imageEntry(image.sha256)} is not a PNG`);
  }
  const imageIds = new Set(document.images.map((i) => i.sha256));
  const runIds = new Set<string>();
  for (const run of document.runs) {
    const missing = run.imageIds.find((id) => !imageIds.has(id));
    if (missing) throw refused(`run ${run.id} names an image the bundle lacks`);
    if (run.followUpOf && !runIds.has(run.followUpOf))
      throw refused(`run ${run.id} follows up a run that does not come before it`);
    runIds.add(run.id);
  }
  return { document, files };
}
