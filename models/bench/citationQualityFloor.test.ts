// A ratchet on the citation linker's measured quality: the figures of every
// half of the citation-quality set (tuned and fitted on `tune` and `train`,
// reported on `heldout` … `heldout-7`) may only get better. Raise the floors when the linker
// improves; a change that trades one figure for another says so where it lowers a floor;
// the targets (held-out precision ≥ 95 %, recall ≥ 90 %, false
// citations ≤ 2 %) are not met yet and are printed by the benchmark.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { linkCitationQualitySet } from './citationQualityBench';
import { CITATION_QUALITY_HALVES, loadCitationQualitySet } from './citationQualitySet';
import { scoreCitationQuality } from './scoreCitationQuality';

const FLOORS = {
  // Set from the last measurement of session 6, a little below (ceilings a little above) the
  // figures: every half relabelled to the settled conventions (citation-quality/README.md), the
  // judge refitted on the relabelled tune + train (threshold 0.625 by cross-validation), answer
  // lines found in more of their forms. Figures of earlier sessions were on the old labels and
  // are not comparable; the README gives both. tune and train are in-sample for the judge.
  tune: { precision: 0.975, recall: 0.95, falseCitation: 0.02, extraCitation: 0.09 },
  train: { precision: 0.96, recall: 0.87, falseCitation: 0.03, extraCitation: 0.076 },
  heldout: { precision: 0.93, recall: 0.885, falseCitation: 0.07, extraCitation: 0.06 },
  'heldout-2': { precision: 0.92, recall: 0.89, falseCitation: 0.07, extraCitation: 0.155 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the session-3 linker:
  // precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.98, recall: 0.92, falseCitation: 0.02, extraCitation: 0.115 },
  // heldout-4, -5 and -6 were written blind in session 5 (see the README for their first figures).
  'heldout-4': { precision: 0.94, recall: 0.855, falseCitation: 0.055, extraCitation: 0.1 },
  'heldout-5': { precision: 0.945, recall: 0.88, falseCitation: 0.06, extraCitation: 0.097 },
  'heldout-6': { precision: 0.92, recall: 0.843, falseCitation: 0.07, extraCitation: 0.107 },
  // heldout-7 was written blind in session 6 under the settled conventions and measured twice:
  // the session-5 judge (before the relabelling) scored it 94.4 % (286/303), 77.3 % (286/370),
  // 3.1 % (10/327); this judge 92.1 % (305/331), 82.4 % (305/370), 4.9 % (16/327).
  'heldout-7': { precision: 0.915, recall: 0.82, falseCitation: 0.053, extraCitation: 0.13 },
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
