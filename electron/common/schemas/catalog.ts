import { z } from 'zod';

const fitSchema = z.object({
  verdict: z.enum(['fits', 'tight', 'too-large']),
  message: z.string(),
});

/** One downloadable variant (dtype) of a catalog model, with its RAM fit and state on this machine. */
export const catalogVariantSchema = z.object({
  dtype: z.string(),
  /** Download size when the catalog records every file's size. */
  downloadBytes: z.number().nullable(),
  fit: fitSchema,
  /** The installed model's id when this variant is installed. */
  installedId: z.string().nullable(),
  /** Bytes of a paused download waiting to be resumed (0: none). */
  partialBytes: z.number(),
});

export const catalogListSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      repo: z.string(),
      license: z.string(),
      variants: z.array(catalogVariantSchema),
    }),
  ),
  note: z.string().nullable(),
});
export type CatalogList = z.infer<typeof catalogListSchema>;

export const catalogVariantRefSchema = z
  .object({ entryId: z.string().min(1).max(200), dtype: z.string().min(1).max(16) })
  .strict();
export type CatalogVariantRef = z.infer<typeof catalogVariantRefSchema>;

export const downloadEventSchema = z.object({
  file: z.string(),
  fileIndex: z.number().int(),
  fileCount: z.number().int(),
  /** Bytes of all files so far, finished ones included. */
  doneBytes: z.number(),
  /** All files' bytes when the catalog or the server has told every size so far. */
  totalBytes: z.number().nullable(),
  resumed: z.boolean(),
});
export type DownloadEvent = z.infer<typeof downloadEventSchema>;
