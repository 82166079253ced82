import sharp from 'sharp';
import type { CaseDocument, CaseOriginal } from '../../../electron/common/schemas/cases';
import type { CaseStore } from '../CaseStore';
import { deidentifyDicom, UidMap } from '../deid/deidentifyDicom';
import { sha256Hex } from '../internal/blobStore';
import { originalEntry, readCaseBundle, writeCaseBundle } from './caseBundle';

export interface ExportedBundle {
  bytes: Uint8Array;
  /** Sentences for the user (burned-in text in de-identified originals). */
  warnings: string[];
}

/** A raster original re-encoded by sharp, which writes no metadata (EXIF, XMP, ICC comments) unless asked. */
async function withoutMetadata(
  bytes: Uint8Array,
  mediaType: CaseOriginal['mediaType'],
): Promise<Uint8Array> {
  const image = sharp(bytes);
  const out =
    mediaType === 'image/jpeg'
      ? image.jpeg({ quality: 95 })
      : mediaType === 'image/webp'
        ? image.webp({ lossless: true })
        : image.png();
  return new Uint8Array(await out.toBuffer());
}

/**
 * The `.mmxcase` bytes of a stored case. Originals go only with
 * `withOriginals`, and then de-identified: DICOM with the PS3.15 Basic
 * Profile (one UID map for the whole bundle, so references between its files
 * hold), other images re-encoded without metadata. File names are replaced
 * ("image 1.png", "original 1.dcm"): a name is often the patient's.
 */
export async function exportCaseBundle(
  store: CaseStore,
  id: string,
  { withOriginals = false }: { withOriginals?: boolean } = {},
): Promise<ExportedBundle> {
  const stored = store.get(id);
  const files = new Map<string, Uint8Array>();
  const warnings = new Set<string>();
  const uids = new UidMap();
  const originals: CaseOriginal[] = [];
  if (withOriginals) {
    for (const [i, original] of stored.originals.entries()) {
      const source = store.readFile(original.sha256);
      let bytes: Uint8Array;
      if (original.mediaType === 'application/dicom') {
        const result = deidentifyDicom(source, uids);
        for (const warning of result.warnings) warnings.add(warning);
        bytes = result.bytes;
      } else bytes = await withoutMetadata(source, original.mediaType);
      const sha256 = sha256Hex(bytes);
      files.set(sha256, bytes);
      const ext = originalEntry(original).split('.').at(-1);
      originals.push({
        sha256,
        name: `original ${i + 1}.${ext}`,
        mediaType: original.mediaType,
        size: bytes.length,
        deidentified: true,
      });
    }
  }
  for (const image of stored.images) files.set(image.sha256, store.readFile(image.sha256));
  const document: CaseDocument = {
    ...stored,
    images: stored.images.map((image, i) => ({ ...image, name: `image ${i + 1}.png` })),
    originals,
  };
  const bytes = writeCaseBundle(document, (sha) => files.get(sha)!);
  return { bytes, warnings: [...warnings] };
}

/** Validates a `.mmxcase` file and adds its case to the store under a new id. */
export function importCaseBundle(store: CaseStore, zip: Uint8Array): CaseDocument {
  const { document, files } = readCaseBundle(zip);
  return store.importCase(document, files);
}
