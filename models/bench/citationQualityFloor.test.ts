// A ratchet on the citation linker's measured quality: the figures of both
// halves of the citation-quality set (tuned on `tune`, reported on
// `heldout`) may only get better. Raise the floors when the linker improves;
// the targets (held-out precision ≥ 95 %, recall ≥ 90 %, false
// citations ≤ 2 %) are not met yet and are printed by the benchmark.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { linkCitationQualitySet } from './citationQualityBench';
import { loadCitationQualitySet } from './citationQualitySet';
import { scoreCitationQuality } from './scoreCitationQuality';

const FLOORS = {
  tune: { precision: 0.89, recall: 0.82, falseCitation: 0.013, extraCitation: 0.06 },
  heldout: { precision: 0.855, recall: 0.88, falseCitation: 0.12, extraCitation: 0.045 },
} as const;

describe('citation quality on the hand-written set', () => {
  const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);

  for (const half of ['tune', 'heldout'] as const) {
    it(`keeps ${half} precision, recall and false-citation rate at or past their floors`, () => {
      const metrics = scoreCitationQuality(
        linkCitationQualitySet(packs, half, loadCitationQualitySet(half)),
      );
      const floor = FLOORS[half];
      expect(metrics.precision.rate).toBeGreaterThanOrEqual(floor.precision);
      expect(metrics.recall.rate).toBeGreaterThanOrEqual(floor.recall);
      expect(metrics.falseCitation.rate).toBeLessThanOrEqual(floor.falseCitation);
      expect(metrics.extraCitation.rate).toBeLessThanOrEqual(floor.extraCitation);
    });
  }
});
