import { z } from 'zod';

export const guidelineSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  issuer: z.string(),
  version: z.string(),
  year: z.number().optional(),
  /** The edition the summary follows and when it was last reviewed against it (YYYY-MM-DD). */
  edition: z.string().optional(),
  reviewed: z.string().optional(),
  url: z.string().optional(),
  licence: z.string(),
  /** True for licensed texts cited by name only (no passages copied). */
  citeByNameOnly: z.boolean(),
  passageCount: z.number().int(),
});
export type GuidelineSummary = z.infer<typeof guidelineSummarySchema>;

export const packSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  specialty: z.string(),
  version: z.string(),
  guidelines: z.array(guidelineSummarySchema),
});
export type PackSummary = z.infer<typeof packSummarySchema>;

/** One citable passage with the guideline it belongs to (the citation drawer). */
export const passageViewSchema = z.object({
  guideline: guidelineSummarySchema,
  packId: z.string(),
  passage: z.object({ id: z.string(), heading: z.string(), text: z.string() }),
});
export type PassageView = z.infer<typeof passageViewSchema>;

export const passageRefSchema = z
  .object({ guideline: z.string().min(1).max(200), passage: z.string().min(1).max(200) })
  .strict();

export const searchHitSchema = z.object({
  guideline: z.string(),
  guidelineTitle: z.string(),
  passage: z.string(),
  heading: z.string(),
  excerpt: z.string(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
