import { beforeAll, describe, expect, it } from 'vitest';
import { createGuidelineIndex, type GuidelineIndex } from '../guidelines/guidelineIndex';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import {
  guidelineNameTerms,
  JUDGE_FEATURES,
  judgeFeatures,
  judgeProbability,
  namedGuidelines,
  questionContext,
  type JudgeWeights,
} from './citationJudge';
import { CITATION_JUDGE } from './citationJudgeWeights';
import {
  isAnswerInChain,
  isAnswerStatement,
  judgeCandidates,
  restatesQuestion,
} from './linkCitations';
import { createStepContext } from './stepContext';

let index: GuidelineIndex;
let names: Map<string, Set<string>>;
beforeAll(() => {
  index = createGuidelineIndex(loadGuidelinePacks({ env: {} }).map((l) => l.pack));
  names = guidelineNameTerms(index);
});

const named = (text: string) => [...namedGuidelines(index.profile(text).terms, names)].sort();

describe('guideline names', () => {
  it('knows a guideline by its own name or abbreviation', () => {
    expect(named('Per Fleischner this needs CT at 6 to 12 months')).toEqual(['fleischner-2017']);
    expect(named('TI-RADS points')).toContain('acr-ti-rads-2017');
    expect(named('the PECARN arm for under-2s')).toEqual(['pecarn-head-2009']);
    expect(named('a Bosniak IIF cyst')).toEqual(['bosniak-2019']);
  });

  it('knows one guideline of a family by the family and its organ together', () => {
    expect(named('What is the AAST liver injury grade?')).toEqual(['aast-liver-injury-2018']);
    expect(named('Per the ACR incidental kidney paper')).toEqual(['acr-incidental-kidney-2018']);
    expect(named('Ottawa knee rule: age 55 or over')).toEqual(['ottawa-knee-rule']);
    expect(named('The AAST grades for solid organs')).toEqual([]);
  });

  it('does not take an organ or an everyday word for a guideline', () => {
    expect(named('The spleen looks lentiform.')).toEqual([]);
    expect(named('Chest pain with a normal heart rate.')).toEqual([]);
    expect(named('The thyroid and the adrenal glands look normal.')).toEqual([]);
  });
});

describe('answer statements', () => {
  const question = () =>
    questionContext(
      index,
      'Which ankle fracture is this?',
      { A: 'Weber A', B: 'Weber B', C: 'Maisonneuve fracture', D: 'Pilon fracture' },
      names,
    );

  it('reads a short step led or closed by an option letter as the answer', () => {
    expect(isAnswerStatement('So C, Maisonneuve.', question())).toBe(true);
    expect(isAnswerStatement('-> A: thyroid US.', question())).toBe(true);
    expect(isAnswerStatement('So the ICH score is 2 -> C.', question())).toBe(true);
    expect(isAnswerStatement('C - Maisonneuve fracture of the proximal fibula.', question())).toBe(
      true,
    );
    expect(isAnswerStatement('I think the answer is that no follow-up is needed.')).toBe(true);
  });

  it('reads the other ways a chain states its letter as the answer', () => {
    for (const text of [
      'C is the answer.',
      'B is correct.',
      'C it is.',
      'So it has to be D, not C.',
      '→ **B**',
      'Ans B.',
      'Final: B, Weber B with ORIF.',
      'So the grade is IV (D).',
      "So it isn't 'normal': there is no acute injury, but there is established OA. C.",
      'Hmm, C also says five, but a week is too slow whatever the score. So the answer is B.',
      "I'd lean towards B.",
      'Let me pick: C, the Maisonneuve.',
      'Score total points me to C',
      'B, the Weber B option.',
      'Bottom line: (C) Maisonneuve, needs fixation.',
      'Step 8: So D - pilon fracture.',
      "Step 6: It's B, Weber B.",
      '**Step 7.** Final: D, pilon.',
      'Picking D, pilon fracture.',
      'Choosing C: the proximal fibula.',
      'Targeted fixation, C.',
      'Pilon, D',
      'PD, C',
      'Grade IV, D.',
      'Answers: Weber B, then B.',
      'So: C — varus, partly displaced.',
      'So: D. Progression.',
      'Selected: A, grade II.',
      '3. Conclusion: B (Weber B, stable).',
      'Q: The pick? A: C, moderate NPDR.',
      'so c, fna',
      'right so b, weber b',
      'b then, the pill makes her perc positive',
      'Overall — C; admit him, ICU team aware.',
      'So overall — B; D-dimer first, CTPA only if it is raised.',
      'Leaf = B (CTPA).',
      'Leaf reached — C, IIc.',
      'Settled: C — Weber B with a deltoid injury, treat as unstable.',
      'Final letter: D, with the S modifier added.',
      'Verdict: B.',
      'two criteria fail ⇒ B',
      '∴ B, excise',
    ])
      expect(isAnswerStatement(text, question()), text).toBe(true);
  });

  it('does not take a mnemonic item or a grade letter for the answer', () => {
    expect(isAnswerStatement('C: speech disturbance w/o weakness = 1.', question())).toBe(false);
    expect(isAnswerStatement('D: 20 min → 1. D: no diabetes → 0. Total 5.', question())).toBe(
      false,
    );
    expect(isAnswerStatement('A 7 mm solid nodule (B) in the RUL.', question())).toBe(false);
    expect(isAnswerStatement('D: 9 mm is above the 6 mm threshold.', question())).toBe(false);
    expect(isAnswerStatement('A - asymmetry: the two halves differ.', question())).toBe(false);
    expect(isAnswerStatement('Weber B, at the level of the syndesmosis.', question())).toBe(false);
    expect(isAnswerStatement('Criteria met: A, B, C.', question())).toBe(false);
    expect(isAnswerStatement('Seen in Weber types A, B.', question())).toBe(false);
    expect(isAnswerStatement('Settled: the fracture is a Weber B.', question())).toBe(false);
    for (const text of [
      'a, b and c are all met',
      'so a fracture is likely',
      'Q: Size? A: 7 mm.',
      'Selected features: APHE, washout.',
      'Conclusion: grade III laceration.',
      'So: grade III.',
      'No new lesions, c, the liver, is clear',
    ])
      expect(isAnswerStatement(text, question()), text).toBe(false);
  });
});

describe('answer statements in a chain of section-labelled steps (SOAP, SBAR)', () => {
  const question = () =>
    questionContext(
      index,
      'Which ankle fracture is this?',
      { A: 'Weber A', B: 'Weber B, stable', C: 'Maisonneuve fracture', D: 'Pilon fracture' },
      names,
    );

  it('reads "A: …" and "B: …" as sections once the chain has led a step with "S:", "O:", "P:" or "R:"', () => {
    const q = question();
    // Alone, "B: Weber B, stable." says option B's text: the answer.
    expect(
      isAnswerInChain('B: Weber B, stable.', { question: q, context: createStepContext() }),
    ).toBe(true);
    const context = createStepContext();
    const chain = [
      ['S: 34M, inversion injury, walked in.', false],
      ['O: oblique distal fibular fracture at the syndesmosis, medial clear space 3 mm.', false],
      ['B: no previous ankle injury.', false],
      ['A: Weber B, stable.', false],
      ['P: option B, boot and weight bearing.', true],
    ] as const;
    for (const [text, answer] of chain)
      expect(isAnswerInChain(text, { question: q, context }), text).toBe(answer);
    expect(context.sectionLabels).toBe(true);
  });

  it('does not take an option letter leading a step for a section label', () => {
    const context = createStepContext();
    expect(isAnswerInChain('C: Maisonneuve fracture.', { question: question(), context })).toBe(
      true,
    );
    expect(context.sectionLabels).toBe(false);
  });
});

describe('restatements of the question', () => {
  it('reads the usual openings of a restatement', () => {
    for (const text of [
      'Restating: 58 yo ex-smoker, 30 pack-years, RUL nodule found incidentally.',
      'Step 1: Restating the question: acute inversion injury, alert adult.',
      'First, restating: 41 yo male, RLQ pain, wants the Alvarado.',
      'The question: 52 yo, never smoker, 7 mm solid nodule on a trauma CT.',
      'Okay, let me restate the stem.',
      'q: 78yo m, fever, confusion, rr 32 → disposition?',
      'Q recap: 88F, fall from standing, all NEXUS criteria negative.',
      '1. Restate: 58M, 3.4 cm cystic L renal lesion, renal-mass protocol CT.',
      'Quick recap of the question: 47 yo, day 4, two collections.',
      'Findings restated: RUL part-solid nodule, 12 mm total, solid part 7 mm.',
    ])
      expect(restatesQuestion(text), text).toBe(true);
  });

  it('does not take a finding, a recap of the chain or a later restating clause for one', () => {
    for (const text of [
      'The solid component is 7 mm.',
      'Recap: 4 quadrants of haemorrhages, 1 of beading, no NV.',
      'Okay, kidney lesion. Restating: 3.1 cm cystic mass.',
      'The question of surgery is for the team.',
      'Q: Is he high risk? A: Yes — 40 pack-years and emphysema.',
      'Q: Size? **A:** 7 mm, solid.',
      '2 restated findings agree with the report.',
      'The recap of the case shows no new lesion.',
    ])
      expect(restatesQuestion(text), text).toBe(false);
  });
});

describe('judge features', () => {
  const featuresOf = (text: string, questionText = 'What does this image show?') => {
    const question = questionContext(index, questionText, undefined, names);
    const { step, hits } = judgeCandidates(index, text, { question });
    return Object.fromEntries(
      JUDGE_FEATURES.map((f, k) => [f, judgeFeatures(step, hits, 0, index.rareIdf)[k]]),
    ) as Record<(typeof JUDGE_FEATURES)[number], number>;
  };

  it('gives one value per named feature', () => {
    const { step, hits } = judgeCandidates(index, 'A 7 mm solid nodule in a smoker.', {});
    expect(hits.length).toBeGreaterThan(0);
    expect(judgeFeatures(step, hits, 0, index.rareIdf)).toHaveLength(JUDGE_FEATURES.length);
  });

  it('marks drug doses and laboratory values, which no pack holds', () => {
    expect(featuresOf('Give ibuprofen 400 mg three times a day for the knee pain.').dose).toBe(1);
    expect(
      featuresOf('CEA is 12 ng/mL on the latest bloods, up from the nodule scan.').labValue,
    ).toBe(1);
    expect(featuresOf('The nodule measures 7 mm and is solid.').dose).toBe(0);
  });

  it('marks a step that plans the next move or heads a table, not one that states a finding', () => {
    for (const text of [
      'Check: APHE type, washout, capsule, size.',
      'Action: consult guideline Lung-RADS for the solid nodule.',
      'TI-RADS feature | Finding | Points',
    ])
      expect(featuresOf(text).recap, text).toBe(1);
    for (const text of [
      'Composition | solid | 2 points',
      'Action: recommend a CT in 3 to 6 months.',
      'APHE and washout, 24 mm: check.',
    ])
      expect(featuresOf(text).recap, text).toBe(0);
  });

  it('sees a step that restates the question', () => {
    const q = 'A 61-year-old smoker has a 7 mm solid nodule on CT. What follow-up is needed?';
    expect(featuresOf('61-year-old smoker, 7 mm solid nodule on CT.', q).questionOverlap).toBe(1);
  });
});

describe('judgeProbability', () => {
  it('is the logistic function of the bias plus the leaf each tree reaches', () => {
    // One split on feature 1 at 0.5, and a stump that always gives 0.25.
    const model: JudgeWeights = {
      features: ['a', 'b'],
      bias: -1,
      threshold: 0.5,
      trees: [
        {
          feature: [1, -1, -1],
          threshold: [0.5, 0, 0],
          left: [1, -1, -1],
          right: [2, -1, -1],
          value: [0, -2, 3],
        },
        { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.25] },
      ],
    };
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    expect(judgeProbability(model, [9, 0.5])).toBeCloseTo(sigmoid(-1 - 2 + 0.25), 12);
    expect(judgeProbability(model, [9, 0.6])).toBeCloseTo(sigmoid(-1 + 3 + 0.25), 12);
  });

  it('ships trees fitted on the features the judge computes, in their order', () => {
    expect(CITATION_JUDGE).not.toBeNull();
    expect(CITATION_JUDGE?.features).toEqual([...JUDGE_FEATURES]);
    const splits = CITATION_JUDGE?.trees.flatMap((t) => t.feature) ?? [];
    expect(splits.length).toBeGreaterThan(0);
    for (const f of splits) expect(f).toBeLessThan(JUDGE_FEATURES.length);
    expect(CITATION_JUDGE?.threshold).toBeGreaterThan(0);
    expect(CITATION_JUDGE?.threshold).toBeLessThan(1);
  });
});
