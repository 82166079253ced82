// A ratchet on the citation linker's measured quality: the figures of every
// half of the citation-quality set (tuned and fitted on `tune` and `train`,
// reported on `heldout` … `heldout-6`) may only get better. Raise the floors when the linker
// improves; a change that trades one figure for another says so where it lowers a floor;
// the targets (held-out precision ≥ 95 %, recall ≥ 90 %, false
// citations ≤ 2 %) are not met yet and are printed by the benchmark.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { linkCitationQualitySet } from './citationQualityBench';
import { CITATION_QUALITY_HALVES, loadCitationQualitySet } from './citationQualitySet';
import { scoreCitationQuality } from './scoreCitationQuality';

const FLOORS = {
  // Set from the last measurement of session 5 (boosted-trees judge reading the chain's earlier
  // steps, fitted on tune + train-a … ac, threshold 0.625 by cross-validation), a little below
  // (ceilings a little above) the figures. tune and train are in-sample for the judge; the
  // held-out halves are not. Against session 4's judge, over the six held-out halves together:
  // precision 88.5 → 90.5 %, recall 85.2 → 87.6 %, false citations 10.2 → 8.8 %. The judge
  // fitted before train-x … ac (threshold 0.675) had scored heldout and heldout-2 higher on
  // precision and lower on recall; their precision floors went down with this refit.
  tune: { precision: 0.975, recall: 0.93, falseCitation: 0.02, extraCitation: 0.07 },
  train: { precision: 0.955, recall: 0.88, falseCitation: 0.036, extraCitation: 0.075 },
  heldout: { precision: 0.94, recall: 0.86, falseCitation: 0.045, extraCitation: 0.06 },
  'heldout-2': { precision: 0.925, recall: 0.855, falseCitation: 0.056, extraCitation: 0.14 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the session-3 linker:
  // precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.99, recall: 0.935, falseCitation: 0.005, extraCitation: 0.1 },
  // heldout-4 was written blind in session 5; session 4's judge scored it 88.6 % (437/493),
  // 85.5 % (437/511), 10.4 % (50/479).
  'heldout-4': { precision: 0.9, recall: 0.865, falseCitation: 0.093, extraCitation: 0.095 },
  // heldout-5 was written blind in session 5 and first measured with this judge; session 4's
  // judge scored it 84.6 % (401/474), 88.3 % (401/454), 14.0 % (68/485).
  'heldout-5': { precision: 0.86, recall: 0.92, falseCitation: 0.135, extraCitation: 0.1 },
  // heldout-6 was written blind at the end of session 5 and first measured with this judge;
  // session 4's judge scored it 88.6 % (387/437), 80.3 % (387/482), 8.7 % (42/482).
  'heldout-6': { precision: 0.905, recall: 0.825, falseCitation: 0.076, extraCitation: 0.11 },
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
