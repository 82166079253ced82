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
  // Set from the measurement with the citation judge fitted on tune + train (train-a … l),
  // session 4, a little below (ceilings a little above) the figures. tune and train are
  // in-sample for the judge; the held-out halves are not. Over the three held-out halves
  // together, against the session-3 linker: precision 90.2 → 93.2 %, recall 83.8 → 87.3 %,
  // false citations 9.1 → 6.3 %.
  tune: { precision: 0.94, recall: 0.845, falseCitation: 0.014, extraCitation: 0.078 },
  train: { precision: 0.92, recall: 0.845, falseCitation: 0.057, extraCitation: 0.079 },
  heldout: { precision: 0.915, recall: 0.86, falseCitation: 0.076, extraCitation: 0.046 },
  'heldout-2': { precision: 0.895, recall: 0.865, falseCitation: 0.1, extraCitation: 0.14 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the session-3 linker:
  // precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.98, recall: 0.885, falseCitation: 0.018, extraCitation: 0.067 },
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
