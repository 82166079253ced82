// A ratchet on the citation linker's measured quality: the figures of every
// half of the citation-quality set (tuned and fitted on `tune` and `train`,
// reported on `heldout` … `heldout-34`) may only get better. Raise the floors when the linker
// improves; a change that trades one figure for another says so where it lowers a floor;
// the targets (held-out precision ≥ 95 %, recall ≥ 90 %, false
// citations ≤ 2 %) are met on the first twenty-three held-out halves together, on all thirty-four
// together, and on eighteen of the thirty-four alone; the benchmark prints them per half.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { linkCitationQualitySet } from './citationQualityBench';
import { CITATION_QUALITY_HALVES, loadCitationQualitySet } from './citationQualitySet';
import { scoreCitationQuality } from './scoreCitationQuality';

const FLOORS = {
  // Set from the last measurement of session 13, at the figures rounded down (ceilings up) to half a
  // point: the judge refitted on tune + train with train-ev … ez (a Bayesian reasoner, a viva, a
  // pharmacist's review, triage notes, a patient's own notes), twenty more everyday phrases, triage
  // observations (HR, RR, SpO2, BP) folded into the rules' words, and four pack passages amended;
  // threshold 0.775 again. Against session 12's judge the first twenty-three held-out halves went
  // 98.0 / 92.2 / 1.7 → 98.0 / 92.4 / 1.7 (102 → 105 false citations); false citations rose on
  // heldout-7 (5 → 6), -10 (6 → 7), -15 (6 → 8), -17 (5 → 8), -21 (5 → 6), -26 (6 → 7), -27 (3 → 5)
  // and -32 (3 → 5), and recall fell by more than a point on heldout-3 (98.5 → 97.1), -5 (92.0 →
  // 90.9) and -20 (91.5 → 90.4); those floors went down (`git log -p` of this file lists them).
  // Earlier sessions' reasons are in the README's session sections. tune and train are in-sample.
  tune: { precision: 0.99, recall: 0.96, falseCitation: 0, extraCitation: 0.095 },
  train: { precision: 0.985, recall: 0.91, falseCitation: 0.01, extraCitation: 0.095 },
  heldout: { precision: 0.99, recall: 0.87, falseCitation: 0.015, extraCitation: 0.02 },
  'heldout-2': { precision: 1, recall: 0.97, falseCitation: 0, extraCitation: 0.13 },
  // heldout-3 was written blind on 2026-12-01 and first measured with the session-3 linker:
  // precision 92.8 % (116/125), recall 85.9 % (116/135), false citations 7.7 % (9/117).
  'heldout-3': { precision: 0.99, recall: 0.97, falseCitation: 0, extraCitation: 0.075 },
  // heldout-4, -5 and -6 were written blind in session 5 (see the README for their first figures).
  'heldout-4': { precision: 0.97, recall: 0.9, falseCitation: 0.025, extraCitation: 0.085 },
  'heldout-5': { precision: 0.98, recall: 0.905, falseCitation: 0.025, extraCitation: 0.09 },
  'heldout-6': { precision: 0.99, recall: 0.915, falseCitation: 0.005, extraCitation: 0.085 },
  // heldout-7 was written blind in session 6 under the settled conventions. The session-5 judge
  // (before the relabelling) scored it 94.4 % (286/303), 77.3 % (286/370), 3.1 % (10/327).
  'heldout-7': { precision: 0.98, recall: 0.95, falseCitation: 0.02, extraCitation: 0.1 },
  // heldout-8 was written blind after the memory was added; the session-5 judge scored it
  // 91.8 % (267/291), 77.2 % (267/346), 6.4 % (21/328).
  'heldout-8': { precision: 0.975, recall: 0.9, falseCitation: 0.02, extraCitation: 0.11 },
  // heldout-9 was written blind beside train-ad … aj and measured once with the judge before them
  // (95.2 % (159/167), 88.3 % (159/180), 5.2 % (8/153)) and once with this one; the session-5
  // judge scored it 92.9 % (131/141), 72.8 % (131/180), 6.5 % (10/153).
  'heldout-9': { precision: 0.98, recall: 0.92, falseCitation: 0.02, extraCitation: 0.115 },
  // heldout-10 was written blind last, after every choice of session 6, and measured once with
  // this judge; the session-5 judge scored it 89.5 % (137/153), 82.5 % (137/166), 9.6 % (14/146).
  'heldout-10': { precision: 0.955, recall: 0.935, falseCitation: 0.05, extraCitation: 0.105 },
  // heldout-11 was written blind by two more writers after heldout-10 and measured once with this
  // judge; the session-5 judge scored it 95.4 % (247/259), 75.1 % (247/329), 3.5 % (10/283).
  'heldout-11': { precision: 0.99, recall: 0.93, falseCitation: 0.01, extraCitation: 0.1 },
  // heldout-12 and heldout-13 were written blind at the start of session 7 and measured once
  // with the session-6 judge: 93.5 % (217/232), 84.8 % (217/256), 5.2 % (14/268) and 96.8 %
  // (239/247), 89.5 % (239/267), 3.5 % (8/230); then with session 7's fits (the README gives each).
  // Misses not read.
  'heldout-12': { precision: 0.975, recall: 0.88, falseCitation: 0.015, extraCitation: 0.12 },
  'heldout-13': { precision: 0.995, recall: 0.95, falseCitation: 0.005, extraCitation: 0.095 },
  // heldout-14 was written blind after the choices above and measured once, before train-av … ay: 89.9 %
  // (257/286), 95.2 % (257/270), 12.4 % (29/233). Its misses were read: 23 of the 29 false
  // citations were answer lines in two forms no other half has ("Bottom line: (C) …", and
  // "Step 8: It's B, …" where the step parser would have split the marker off), which the answer
  // detector now reads. No longer fresh.
  'heldout-14': { precision: 0.98, recall: 0.96, falseCitation: 0.02, extraCitation: 0.125 },
  // heldout-15 was written blind beside train-av … ay, after every choice of session 7, and
  // measured once, with this judge; the session-6 judge scored it 95.3 % (261/274), 90.3 %
  // (261/289), 4.3 % (11/258). Its misses were not read.
  'heldout-15': { precision: 0.965, recall: 0.93, falseCitation: 0.035, extraCitation: 0.105 },
  // heldout-16 was written blind at the start of session 8, before any change, and measured once
  // with the session-7 judge: 97.4 % (261/268), 91.6 % (261/285), 1.5 % (4/260). Misses not read.
  'heldout-16': { precision: 0.98, recall: 0.91, falseCitation: 0.005, extraCitation: 0.095 },
  // heldout-17 was written blind at the start of session 8 beside heldout-16 and kept sealed
  // until every choice of the session was made: measured once, with this judge; the session-7
  // judge scored it 94.5 % (225/238), 93.0 % (225/242), 4.7 % (13/275). Misses not read.
  'heldout-17': { precision: 0.96, recall: 0.925, falseCitation: 0.03, extraCitation: 0.105 },
  // heldout-18 and heldout-19 were written blind at the start of session 9, before any change,
  // measured once with the session-8 judge (95.7 % (289/302), 92.0 % (289/314), 3.8 % (12/319)
  // and 97.4 % (261/268), 87.3 % (261/299), 1.1 % (3/275)) and kept out of the repository until
  // the session's first refit: 96.7 / 94.3 / 2.8 and 98.9 / 87.0 / 0.0. heldout-19's low recall
  // then led to the section-label reading (its 19a writes SOAP lines), so its figure here is not
  // fresh. Misses not read.
  'heldout-18': { precision: 0.97, recall: 0.945, falseCitation: 0.03, extraCitation: 0.115 },
  'heldout-19': { precision: 0.985, recall: 0.915, falseCitation: 0, extraCitation: 0.12 },
  // heldout-20 was written blind after the first refit, measured once with the session-8 judge
  // (93.7 % (239/255), 88.5 % (239/270), 4.4 % (11/249)), and once with this one. Misses not read.
  'heldout-20': { precision: 0.975, recall: 0.9, falseCitation: 0.02, extraCitation: 0.12 },
  // heldout-21 and heldout-22 were written blind at the start of session 10, before any change,
  // and measured once with the session-9 judge: 98.0 / 91.7 / 2.0 % (6/301 false) and 96.6 /
  // 90.5 / 3.1 % (9/290); heldout-23 was written blind while the session's first refit ran,
  // measured once with the session-9 judge (97.4 / 89.4 / 1.3 %, 4/297) and once with this one.
  // Misses not read.
  'heldout-21': { precision: 0.975, recall: 0.92, falseCitation: 0.02, extraCitation: 0.095 },
  'heldout-22': { precision: 0.96, recall: 0.915, falseCitation: 0.04, extraCitation: 0.11 },
  'heldout-23': { precision: 0.975, recall: 0.925, falseCitation: 0.015, extraCitation: 0.11 },
  // heldout-24 … -26 were written blind at the start of session 11, before any change, and
  // measured once with the session-10 judge: 95.3 / 92.5 / 4.6 % (14/307 false; 24b, meeting
  // minutes, 91.6 / 87.7 / 8.3), 99.7 / 93.7 / 0.3 % (1/302) and 97.1 / 71.5 / 1.3 % (4/310;
  // 26a, a nurse's plain words, recall 50.6 %); then once with this one. Misses not read.
  'heldout-24': { precision: 0.965, recall: 0.94, falseCitation: 0.035, extraCitation: 0.09 },
  'heldout-25': { precision: 0.995, recall: 0.935, falseCitation: 0.005, extraCitation: 0.1 },
  'heldout-26': { precision: 0.965, recall: 0.795, falseCitation: 0.025, extraCitation: 0.065 },
  // heldout-27 was written blind after the last refit and was kept out of the repository until
  // every choice of session 11 was made: measured once, with this judge (the session-10 judge, at
  // the same time: 98.6 / 95.4 / 1.3 %, 4/304). Misses not read.
  'heldout-27': { precision: 0.975, recall: 0.955, falseCitation: 0.02, extraCitation: 0.085 },
  // heldout-28 and -29 were written blind at the start of session 12 and measured once with
  // session 11's judge before anything changed (97.5 / 88.6 / 1.8 %, 6/326, and 94.4 / 97.1 /
  // 5.9 %, 18/305), then once with this one. Misses not read.
  'heldout-28': { precision: 0.97, recall: 0.915, falseCitation: 0.025, extraCitation: 0.135 },
  'heldout-29': { precision: 0.975, recall: 0.96, falseCitation: 0.025, extraCitation: 0.105 },
  // heldout-30 was written blind at the start of session 12 and kept out of the repository until
  // every choice was made: measured once, with this judge (session 11's judge, at the same time:
  // 97.1 / 93.5 / 2.9 %, 9/308). Misses not read.
  'heldout-30': { precision: 0.97, recall: 0.935, falseCitation: 0.03, extraCitation: 0.09 },
  // heldout-31 and -32 were written blind at the end of session 12 and measured first at the start
  // of session 13, before anything changed (98.4 / 94.2 / 1.4 %, 4/295, and 98.7 / 97.2 / 1.0 %,
  // 3/308), then once with this judge. Misses not read.
  'heldout-31': { precision: 0.985, recall: 0.935, falseCitation: 0.015, extraCitation: 0.09 },
  'heldout-32': { precision: 0.975, recall: 0.96, falseCitation: 0.02, extraCitation: 0.12 },
  // heldout-33 and -34 were written blind at the start of session 13 and kept out of the
  // repository until every choice was made: measured once, with this judge (session 12's judge,
  // at the same time: 97.0 / 94.9 / 3.3 %, 10/300, and 98.6 / 85.4 / 0.7 %, 2/301). Misses not
  // read.
  'heldout-33': { precision: 0.965, recall: 0.945, falseCitation: 0.035, extraCitation: 0.085 },
  'heldout-34': { precision: 0.985, recall: 0.865, falseCitation: 0.01, extraCitation: 0.13 },
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
