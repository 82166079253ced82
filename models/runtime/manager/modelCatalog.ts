import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dtypeSchema, type Dtype } from '../protocol';
import { estimateRamBytes } from './estimateRamFit';

const catalogFileSchema = z
  .object({
    /** Path inside the repository, and inside the installed folder. */
    path: z
      .string()
      .min(1)
      .refine(
        (p) => !p.split('/').some((s) => s === '..' || s === '.' || s === ''),
        'a plain relative path',
      ),
    size: z.number().int().positive().optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export type CatalogFile = z.infer<typeof catalogFileSchema>;

export const catalogEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    name: z.string().min(1),
    /** Hub repository, `owner/name`. */
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    revision: z.string().min(1),
    license: z.string().min(1),
    modelType: z.enum(['qwen2_vl', 'qwen2_5_vl']),
    parameterCount: z.number().int().positive(),
    /** Decoder shape, for the KV cache in the RAM estimate. */
    layers: z.number().int().positive(),
    kvHeads: z.number().int().positive(),
    headDim: z.number().int().positive(),
    /** Files every variant needs (config, tokenizer, preprocessor). */
    files: z.array(catalogFileSchema).min(1),
    variants: z
      .array(z.object({ dtype: dtypeSchema, files: z.array(catalogFileSchema).min(1) }).strict())
      .min(1),
  })
  .strict();
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const modelCatalogSchema = z
  .object({
    version: z.literal(1),
    note: z.string().optional(),
    models: z.array(catalogEntrySchema),
  })
  .strict();
export type ModelCatalog = z.infer<typeof modelCatalogSchema>;

/** The catalog shipped with the app (modelCatalog.json beside this file), validated. */
export function loadModelCatalog(): ModelCatalog {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('./modelCatalog.json', import.meta.url), 'utf8'),
  );
  return modelCatalogSchema.parse(raw);
}

/** Every file one variant needs, shared files first. */
export function variantFiles(entry: CatalogEntry, dtype: Dtype): CatalogFile[] {
  const variant = entry.variants.find((v) => v.dtype === dtype);
  if (!variant) throw new Error(`variantFiles: ${entry.id} has no ${dtype} variant`);
  return [...entry.files, ...variant.files];
}

/** The hub's download URL of one file: `{hub}/{repo}/resolve/{revision}/{path}`. */
export function hubFileUrl(hub: string, entry: CatalogEntry, path: string): string {
  const base = hub.replace(/\/+$/, '');
  return `${base}/${entry.repo}/resolve/${encodeURIComponent(entry.revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Bytes one weight takes in each variant (q4: 4-bit blocks plus their scales). */
const BYTES_PER_WEIGHT: Record<Dtype, number> = { fp32: 4, fp16: 2, q8: 1, q4: 0.6, q4f16: 0.6 };

/** The download size when the catalog knows every file's size, else undefined. */
export function variantBytes(entry: CatalogEntry, dtype: Dtype): number | undefined {
  const files = variantFiles(entry, dtype);
  return files.every((f) => f.size !== undefined)
    ? files.reduce((n, f) => n + (f.size ?? 0), 0)
    : undefined;
}

/** RAM the variant needs loaded: its weights (the files when sized, else parameters × bytes per weight), KV cache and runtime. */
export function variantRamBytes(entry: CatalogEntry, dtype: Dtype): number {
  const weights = variantBytes(entry, dtype) ?? entry.parameterCount * BYTES_PER_WEIGHT[dtype];
  return estimateRamBytes(entry, dtype, weights);
}
