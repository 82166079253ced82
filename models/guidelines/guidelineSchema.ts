import { z } from 'zod';

/** Lower-case kebab ids (dots allowed for versions, e.g. `pi-rads-2.1`); they appear in `[guideline#passage]` citations. */
const idSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/,
    'must be lower-case letters, digits, dots and hyphens (e.g. "fleischner-2017")',
  );

const httpsUrlSchema = z.url({ protocol: /^https$/, error: 'must be an https:// link' });

const nonBlank = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

/** One citable unit of a guideline, written in our own words. */
export const passageSchema = z.strictObject({
  id: idSchema,
  heading: nonBlank('heading'),
  text: nonBlank('text').min(20, 'text must be a full sentence (at least 20 characters)'),
  /** Extra search terms: abbreviations, synonyms, category names. */
  keywords: z.array(nonBlank('keyword')).default([]),
});
export type Passage = z.infer<typeof passageSchema>;

/**
 * How the text may be used. `paraphrase`: our own words summarising public
 * guidance; `cited-by-name`: a licensed text (BI-RADS, NCCN, UpToDate, CAP)
 * that we name and link but never copy, so it carries no passages;
 * `institutional`: a user's own protocol.
 */
export const licenceSchema = z.strictObject({
  kind: z.enum(['paraphrase', 'cited-by-name', 'institutional']),
  note: nonBlank('licence note'),
});

export const seeAlsoSchema = z.strictObject({
  title: nonBlank('title'),
  url: httpsUrlSchema.optional(),
});

export const guidelineSchema = z
  .strictObject({
    id: idSchema,
    title: nonBlank('title'),
    issuer: nonBlank('issuer'),
    version: nonBlank('version'),
    year: z.number().int().min(1900).max(2100),
    /** The edition of the source this file summarises (e.g. "2017 update, Radiology 284(1)"). */
    edition: nonBlank('edition').optional(),
    /** When this summary was last reviewed against the source (YYYY-MM-DD). */
    reviewed: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .optional(),
    url: httpsUrlSchema,
    /** The published source the passages paraphrase (journal reference). */
    reference: nonBlank('reference').optional(),
    licence: licenceSchema,
    seeAlso: z.array(seeAlsoSchema).default([]),
    passages: z.array(passageSchema),
  })
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.passages.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({
          code: 'custom',
          path: ['passages', i, 'id'],
          message: `duplicate passage id '${p.id}'`,
        });
      seen.add(p.id);
    });
    if (g.licence.kind === 'cited-by-name' && g.passages.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['passages'],
        message: 'a guideline cited by name only must not carry passages (licensed text)',
      });
    }
    if (g.licence.kind !== 'cited-by-name' && g.passages.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['passages'],
        message: 'needs at least one passage (or licence kind "cited-by-name")',
      });
    }
  });
export type Guideline = z.infer<typeof guidelineSchema>;

/** `pack.json`: what the pack is and which specialties it serves. */
export const packManifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: idSchema,
  title: nonBlank('title'),
  version: nonBlank('version'),
  description: z.string().default(''),
  /** Specialty ids this pack is active for (see specialties.ts; user packs may name others). */
  specialties: z.array(idSchema).min(1, 'name at least one specialty'),
});
export type PackManifest = z.infer<typeof packManifestSchema>;

/** A loaded pack: manifest plus its guidelines (what the renderer receives as JSON). */
export const guidelinePackSchema = packManifestSchema.extend({
  guidelines: z.array(guidelineSchema),
});
export type GuidelinePack = z.infer<typeof guidelinePackSchema>;
