import { AppError } from '../common/appError';
import type { GuidelineSummary, PackSummary } from '../common/schemas/guidelines';
import { createGuidelineIndex, type GuidelineIndex } from '../../models/guidelines/guidelineIndex';
import type { Guideline, GuidelinePack } from '../../models/guidelines/guidelineSchema';
import { loadGuidelinePacks } from '../../models/guidelines/loadGuidelinePacks';

/**
 * The guideline packs, loaded and validated once per process (bundled packs
 * plus MMX_GUIDELINE_DIRS). A broken user pack is reported, not half-loaded.
 */
export class GuidelineLibrary {
  private loaded?: { packs: GuidelinePack[]; index: GuidelineIndex };

  private load() {
    if (!this.loaded) {
      let packs: GuidelinePack[];
      try {
        packs = loadGuidelinePacks().map((l) => l.pack);
      } catch (error) {
        throw new AppError({
          code: 'guideline-pack-invalid',
          title: 'A guideline pack could not be loaded',
          cause: error instanceof Error ? error.message : String(error),
          suggestion:
            'Fix or remove the pack folder named in the detail (MMX_GUIDELINE_DIRS), then restart.',
        });
      }
      this.loaded = { packs, index: createGuidelineIndex(packs) };
    }
    return this.loaded;
  }

  get packs(): GuidelinePack[] {
    return this.load().packs;
  }

  get index(): GuidelineIndex {
    return this.load().index;
  }
}

function summarize(g: Guideline): GuidelineSummary {
  return {
    id: g.id,
    title: g.title,
    issuer: g.issuer,
    version: g.version,
    year: g.year,
    ...(g.edition ? { edition: g.edition } : {}),
    ...(g.reviewed ? { reviewed: g.reviewed } : {}),
    url: g.url,
    licence: g.licence.note,
    citeByNameOnly: g.licence.kind === 'cited-by-name',
    passageCount: g.passages.length,
  };
}

export function createGuidelinesHandlers(library: GuidelineLibrary) {
  return {
    async listGuidelines(): Promise<{ packs: PackSummary[] }> {
      return {
        packs: library.packs.map((p) => ({
          id: p.id,
          title: p.title,
          specialty: p.specialties.join(', '),
          version: p.version,
          guidelines: p.guidelines.map(summarize),
        })),
      };
    },

    async getPassage({ guideline, passage }: { guideline: string; passage: string }) {
      const entry = library.index.get(`${guideline}#${passage}`);
      if (!entry) {
        throw new AppError({
          code: 'passage-not-found',
          title: `No passage ${guideline}#${passage} in the loaded guideline packs`,
          suggestion:
            'The model may have cited an id that does not exist; treat that step with care.',
        });
      }
      return {
        guideline: summarize(entry.guideline),
        packId: entry.packId,
        passage: { id: entry.passage.id, heading: entry.passage.heading, text: entry.passage.text },
      };
    },

    async searchGuidelines({ query, specialty }: { query: string; specialty?: string }) {
      const hits = library.index.search(query, { limit: 20, specialty });
      return {
        hits: hits.map((h) => ({
          guideline: h.guideline.id,
          guidelineTitle: h.guideline.title,
          passage: h.passage.id,
          heading: h.passage.heading,
          excerpt: h.excerpt,
          score: h.score,
        })),
      };
    },
  };
}
