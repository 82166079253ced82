// A ratchet on the citation linker's measured quality: the figures of every
// half of the citation-quality set (tuned and fitted on `tune` and `train`,
// reported on `heldout` … `heldout-4`) may only get better. Raise the floors when the linker
// improves; a change that trades one figure for another says so where it lowers a floor;
// the targets (held-out precision ≥ 95 %, recall ≥ 90 %, false
// citations ≤ 2 %) are not met yet and are printed by the benchmark.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { linkCitationQualitySet } from './citationQualityBench';
import { CITATION_QUALITY_HALVES, loadCitationQualitySet } from './citationQualitySet';
import { scoreCitationQuality } from './scoreCitationQuality';

const FLOORS = {
  // Set from the measurement of session 5 (boosted-trees judge reading the chain's earlier
  // steps, fitted on tune + train-a … w), a little below (ceilings a little above) the figures.
  // tune and train are in-sample for the judge; the held-out halves are not. The change traded
  // recall for precision on the older halves: over heldout … heldout-3 together, against
  // session 4's judge, precision 93.2 → 97.1 %, recall 87.3 → 85.8 %, false citations
  // 6.3 → 1.9 %; so their recall floors went down, said here and in the commit.
  tune: { precision: 0.985, recall: 0.89, falseCitation: 0.01, extraCitation: 0.09 },
  train: { precision: 0.965, recall: 0.88, falseCitation: 0.026, extraCitation: 0.07 },
  heldout: { precision: 0.955, recall: 0.825, falseCitation: 0.035, extraCitation: 0.065 },
  'heldout-2': { precision: 0.945, recall: 0.81, falseCitation: 0.03, extraCitation: 0.145 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the session-3 linker:
  // precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.99, recall: 0.92, falseCitation: 0.005, extraCitation: 0.1 },
  // heldout-4 was written blind in session 5 and first measured with this judge; session 4's
  // judge scored it 88.6 % (437/493), 85.5 % (437/511), 10.4 % (50/479).
  'heldout-4': { precision: 0.91, recall: 0.85, falseCitation: 0.082, extraCitation: 0.095 },
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
