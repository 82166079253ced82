// A ratchet on the citation linker's measured quality: the figures of every
// half of the citation-quality set (tuned and fitted on `tune` and `train`,
// reported on `heldout`, `heldout-2` and `heldout-3`) may only get better. Raise the floors when the linker improves;
// the targets (held-out precision ≥ 95 %, recall ≥ 90 %, false
// citations ≤ 2 %) are not met yet and are printed by the benchmark.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { linkCitationQualitySet } from './citationQualityBench';
import { CITATION_QUALITY_HALVES, loadCitationQualitySet } from './citationQualitySet';
import { scoreCitationQuality } from './scoreCitationQuality';

const FLOORS = {
  // Set from the first measurement with the citation judge (session 4), a little below
  // (ceilings a little above) the figures. The judge is fitted on tune + train, so those two
  // are in-sample; the held-out halves are not. It traded heldout-2's false citations
  // (10.0 → 13.6 %) for recall (81.0 → 87.3 %); over the three held-out halves together
  // precision rose 90.2 → 91.6 %, recall 83.8 → 87.8 %, and false citations fell 9.1 → 8.4 %.
  tune: { precision: 0.92, recall: 0.855, falseCitation: 0.027, extraCitation: 0.09 },
  train: { precision: 0.94, recall: 0.865, falseCitation: 0.037, extraCitation: 0.077 },
  heldout: { precision: 0.9, recall: 0.86, falseCitation: 0.097, extraCitation: 0.045 },
  'heldout-2': { precision: 0.87, recall: 0.87, falseCitation: 0.137, extraCitation: 0.142 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the linker before the
  // judge: precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.975, recall: 0.895, falseCitation: 0.026, extraCitation: 0.09 },
} as const;

describe('citation quality on the hand-written set', () => {
  const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);

  for (const half of CITATION_QUALITY_HALVES) {
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
