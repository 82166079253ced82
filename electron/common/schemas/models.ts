import { z } from 'zod';

/** A model as the UI shows it (from its manifest, plus the RAM fit on this machine). */
export const modelEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Demo models are labelled "Demo — not a medical model" wherever they appear. */
  demo: z.boolean(),
  modelType: z.string(),
  dtypes: z.array(z.string()),
  parameterCount: z.number(),
  estimatedRamBytes: z.number(),
  totalBytes: z.number(),
  sha256: z.string(),
  source: z.string(),
  fit: z.object({ verdict: z.enum(['fits', 'tight', 'too-large']), message: z.string() }),
  /** The image processor's pixel bounds (preprocessor_config.json): the ask form counts vision tokens with them. */
  imageBounds: z
    .object({
      minPixels: z.number().int().positive(),
      maxPixels: z.number().int().positive(),
      factor: z.number().int().positive(),
    })
    .optional(),
  /** generation_config.json's sampling defaults, shown where the ask form leaves a setting empty. */
  generationDefaults: z
    .object({
      doSample: z.boolean(),
      temperature: z.number().optional(),
      topP: z.number().optional(),
      topK: z.number().optional(),
      repetitionPenalty: z.number().optional(),
    })
    .optional(),
  /**
   * What bounds a prompt, from the model's config.json and
   * preprocessor_config.json: the ask form's context meter before a run.
   */
  limits: z
    .object({
      contextLength: z.number().int().positive().optional(),
      minPixels: z.number().int().positive().optional(),
      maxPixels: z.number().int().positive().optional(),
    })
    .optional(),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

/** An installed folder that cannot be used, with the reason. */
export const brokenModelSchema = z.object({ id: z.string(), problem: z.string() });

export const modelListSchema = z.object({
  models: z.array(modelEntrySchema),
  broken: z.array(brokenModelSchema),
  activeId: z.string().nullable(),
  totalMemoryBytes: z.number(),
});
export type ModelList = z.infer<typeof modelListSchema>;

export const verifyProblemSchema = z.object({ file: z.string().optional(), message: z.string() });
export const verifyReportSchema = z.object({
  ok: z.boolean(),
  problems: z.array(verifyProblemSchema),
});
export type VerifyReportView = z.infer<typeof verifyReportSchema>;

/** A folder path typed or picked by the user, on this machine. */
export const folderPathSchema = z.string().trim().min(1).max(4096);

/** One level of the home-folder browser that web mode offers instead of a typed path. */
export const folderListingSchema = z.object({
  /** The folder listed, absolute. */
  path: z.string(),
  /** Its parent, while that is still inside the home folder. */
  parent: z.string().optional(),
  home: z.string(),
  /** Sub-folders by name (hidden ones left out), sorted. */
  folders: z.array(z.string()),
  /** More sub-folders than the listing shows. */
  truncated: z.boolean(),
});
export type FolderListing = z.infer<typeof folderListingSchema>;
