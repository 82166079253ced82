import { describe, expect, it } from 'vitest';
import { syntheticPacks } from '../bench/citationsBench';
import { loadCitationQualitySet } from '../bench/citationQualitySet';
import { LINK_CASES } from '../reasoning/linkCitations.cases';
import { createGuidelineIndex, type PassageHit } from './guidelineIndex';
import { loadGuidelinePacks } from './loadGuidelinePacks';

// The bench's 2,000 passages: many passages share each word, so the shortcuts below have work to skip.
const packs = syntheticPacks(
  loadGuidelinePacks({ env: {} }).map((l) => l.pack),
  2000,
);
const index = createGuidelineIndex(packs);
const queries = [
  ...LINK_CASES.map((c) => c.step),
  ...loadCitationQualitySet('tune').flatMap((c) => c.steps.map((s) => s.text)),
];
const keys = (hits: readonly PassageHit[]) => hits.map((h) => `${h.key} ${h.score}`);

describe('GuidelineIndex.search skipping passages that cannot be kept', () => {
  it('returns the first hits of a longer search, whatever its limit', () => {
    // The heading share is read only for passages that could still reach the limit.
    for (const query of queries)
      for (const limit of [1, 3, 8]) {
        const options = { minSupport: 0.12, prior: 'adult-medicine' };
        expect(index.search(query, { ...options, limit })).toEqual(
          index.search(query, { ...options, limit: 5000 }).slice(0, limit),
        );
      }
  });

  it('drops exactly the hits under its support floor', () => {
    // Passages are skipped before their sizes and codes are compared when even a full match could not lift them.
    let dropped = 0;
    for (const query of queries) {
      const all = index.search(query, { limit: 5000, minSupport: 0 });
      const kept = index.search(query, { limit: 5000, minSupport: 0.12 });
      expect(keys(kept)).toEqual(keys(all.filter((h) => h.support >= 0.12)));
      dropped += all.length - kept.length;
    }
    expect(dropped).toBeGreaterThan(1000);
  });

  it('adds a topic guideline’s best passage whatever its support, once', () => {
    let added = 0;
    for (const query of queries) {
      const all = index.search(query, { limit: 5000, minSupport: 0 });
      const topics = new Set(['fleischner-2017', 'acr-ti-rads-2017', 'aspects']);
      const hits = index.search(query, { limit: 8, minSupport: 0.12, bestOf: topics });
      const ranked = hits.filter((h) => !h.bestOf);
      expect(keys(ranked)).toEqual(keys(all.filter((h) => h.support >= 0.12).slice(0, 8)));
      for (const topic of hits.filter((h) => h.bestOf)) {
        added++;
        expect(ranked.some((h) => h.guideline.id === topic.guideline.id)).toBe(false);
        expect(topic.key).toBe(all.find((h) => h.guideline.id === topic.guideline.id)?.key);
      }
    }
    expect(added).toBeGreaterThan(50);
  });
});
