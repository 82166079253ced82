// A ratchet on the citation linker's measured quality: the figures of every
// half of the citation-quality set (tuned and fitted on `tune` and `train`,
// reported on `heldout` … `heldout-13`) may only get better. Raise the floors when the linker
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
  // figures: every half relabelled to the settled conventions (models/bench/citation-quality/README.md),
  // answer lines found in more of their forms, the judge refitted on the relabelled tune + train
  // (train-ad … aj added) with three features from its memory of labelled steps
  // (models/reasoning/stepMemory.ts; threshold 0.550 by cross-validation by writer), and
  // restatements of the question left uncited (linkCitations.ts, restatesQuestion). Against the
  // judge fitted before train-ad … aj, the held-out halves together gained recall (90.4 → 91.0 %
  // on heldout … heldout-8) and lost a little precision on heldout, heldout-6 and heldout-7,
  // whose floors went down. Figures of earlier sessions were on the old labels and are not
  // comparable; the README gives both. tune and train are in-sample.
  tune: { precision: 0.98, recall: 0.96, falseCitation: 0.02, extraCitation: 0.095 },
  train: { precision: 0.968, recall: 0.895, falseCitation: 0.026, extraCitation: 0.08 },
  heldout: { precision: 0.96, recall: 0.925, falseCitation: 0.035, extraCitation: 0.05 },
  'heldout-2': { precision: 0.99, recall: 0.95, falseCitation: 0.01, extraCitation: 0.125 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the session-3 linker:
  // precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.995, recall: 0.98, falseCitation: 0.005, extraCitation: 0.07 },
  // heldout-4, -5 and -6 were written blind in session 5 (see the README for their first figures).
  'heldout-4': { precision: 0.97, recall: 0.91, falseCitation: 0.03, extraCitation: 0.1 },
  'heldout-5': { precision: 0.95, recall: 0.905, falseCitation: 0.054, extraCitation: 0.1 },
  'heldout-6': { precision: 0.96, recall: 0.9, falseCitation: 0.036, extraCitation: 0.102 },
  // heldout-7 was written blind in session 6 under the settled conventions. The session-5 judge
  // (before the relabelling) scored it 94.4 % (286/303), 77.3 % (286/370), 3.1 % (10/327).
  'heldout-7': { precision: 0.945, recall: 0.895, falseCitation: 0.034, extraCitation: 0.122 },
  // heldout-8 was written blind after the memory was added; the session-5 judge scored it
  // 91.8 % (267/291), 77.2 % (267/346), 6.4 % (21/328).
  'heldout-8': { precision: 0.935, recall: 0.868, falseCitation: 0.05, extraCitation: 0.122 },
  // heldout-9 was written blind beside train-ad … aj and measured once with the judge before them
  // (95.2 % (159/167), 88.3 % (159/180), 5.2 % (8/153)) and once with this one; the session-5
  // judge scored it 92.9 % (131/141), 72.8 % (131/180), 6.5 % (10/153).
  'heldout-9': { precision: 0.945, recall: 0.86, falseCitation: 0.05, extraCitation: 0.12 },
  // heldout-10 was written blind last, after every choice of session 6, and measured once with
  // this judge; the session-5 judge scored it 89.5 % (137/153), 82.5 % (137/166), 9.6 % (14/146).
  'heldout-10': { precision: 0.895, recall: 0.895, falseCitation: 0.105, extraCitation: 0.118 },
  // heldout-11 was written blind by two more writers after heldout-10 and measured once with this
  // judge; the session-5 judge scored it 95.4 % (247/259), 75.1 % (247/329), 3.5 % (10/283).
  'heldout-11': { precision: 0.96, recall: 0.885, falseCitation: 0.032, extraCitation: 0.107 },
  'heldout-12': { precision: 0.93, recall: 0.845, falseCitation: 0.055, extraCitation: 0.2 },
  'heldout-13': { precision: 0.965, recall: 0.89, falseCitation: 0.037, extraCitation: 0.2 },
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
