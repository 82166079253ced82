import { beforeAll, describe, expect, it } from 'vitest';
import { createGuidelineIndex, type GuidelineIndex } from '../guidelines/guidelineIndex';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { LINK_CASES } from './linkCitations.cases';
import { planReasoning } from './runReasoning';
import { JUDGE_FEATURES, judgeFeatures, judgeProbability } from './citationJudge';
import { CITATION_JUDGE } from './citationJudgeWeights';
import {
  extractCitationRefs,
  isBareQuestion,
  isLeadIn,
  isTableHeaderInChain,
  JUDGE_MIN_SUPPORT,
  judgeCandidates,
  leadCandidates,
  linkCitations,
  linkStep,
  stepQuery,
  withoutSpeaker,
} from './linkCitations';
import { createStepContext } from './stepContext';
import { createStepMemory, type StepMemory } from './stepMemory';

// The shipped, fitted judge (citationJudge.test.ts checks its weights).
const judge = CITATION_JUDGE ?? expect.unreachable('no fitted citation judge is shipped');

let packs: GuidelinePack[];
const indexes = new Map<string, GuidelineIndex>();
const indexFor = (specialty: string) => {
  let index = indexes.get(specialty);
  if (!index) indexes.set(specialty, (index = createGuidelineIndex(packs, specialty)));
  return index;
};

beforeAll(() => {
  packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
});

describe('linkStep on hand-written step → passage pairs', () => {
  // The product searches every loaded pack with the routed specialty as a
  // prior, for a question; these pairs run the same way, under a question that
  // names no topic (the hardest case for the judge, which then has only the
  // step to go on). The quality of the whole linker is measured on the
  // hand-written set by `npm run bench -- citation-quality`.
  const linkAll = (c: (typeof LINK_CASES)[number]) =>
    planReasoning(packs, {
      question: 'What does this image show, and what should be done next?',
      images: [],
      routing: {},
      specialty: c.specialty,
      perspective: 'differential',
    }).link(c.step);

  for (const c of LINK_CASES.filter((x) => x.expect)) {
    it(`cites ${c.expect?.split('#')[0]} first or nothing, with ${c.expect} among its citations, for "${c.step.slice(0, 60)}…"`, () => {
      const linked = linkAll(c);
      // Never a wrong guideline; a miss is counted by the recall test below.
      if (linked.noGuidelineSupport) return;
      const first = linked.citations[0];
      expect(first?.guideline).toBe(c.expect?.split('#')[0]);
      // The judge weighs candidates down to its support floor; the search found this one.
      expect(first?.score).toBeGreaterThanOrEqual(JUDGE_MIN_SUPPORT);
      expect(first?.source).toBe('linker');
      // Rounding to 3 decimals is monotone, so an accepted p rounds to at least the rounded threshold.
      for (const cited of linked.citations)
        expect(cited.confidence).toBeGreaterThanOrEqual(Math.round(judge.threshold * 1000) / 1000);
      const expected = linked.citations.find((x) => `${x.guideline}#${x.passage}` === c.expect);
      expect(
        expected,
        `${c.expect} among ${linked.citations.map((x) => x.passage).join(', ')}`,
      ).toBeDefined();
      // The excerpt is a sentence of the cited passage, not made-up text.
      expect(indexFor(c.specialty).get(c.expect ?? '')?.passage.text).toContain(
        expected?.excerpt.replace(/…$/, ''),
      );
    });
  }

  it('cites at least 95 % of the positive pairs', () => {
    const positive = LINK_CASES.filter((x) => x.expect);
    const missed = positive.filter((c) => linkAll(c).noGuidelineSupport).map((c) => c.step);
    expect(missed.length / positive.length, missed.join(' | ')).toBeLessThanOrEqual(0.05);
  });

  for (const c of LINK_CASES.filter((x) => !x.expect)) {
    it(`marks "${c.step}" as having no guideline support`, () => {
      const linked = linkAll(c);
      expect(linked.citations).toEqual([]);
      expect(linked.noGuidelineSupport).toBe(true);
    });
  }

  it('ranks the expected passage in the top three for every positive pair also with all packs loaded', () => {
    const all = createGuidelineIndex(packs);
    const misses = LINK_CASES.filter(
      (c) => c.expect && !all.search(c.step, { limit: 3 }).some((h) => h.key === c.expect),
    );
    expect(misses.map((m) => m.expect)).toEqual([]);
  });

  it('drops citations below a stricter threshold instead of keeping weak ones', () => {
    const step = 'The thyroid nodule is very hypoechoic, which scores 3 points for echogenicity.';
    expect(linkStep(indexFor('adult-medicine'), step).citations.length).toBeGreaterThan(0);
    const strict = linkStep(indexFor('adult-medicine'), step, { threshold: 0.99 });
    expect(strict.citations).toEqual([]);
    expect(strict.noGuidelineSupport).toBe(true);
  });

  it("gives a judged citation its guideline's judge probability as confidence, rounded like the score", () => {
    const index = indexFor('adult-medicine');
    const step =
      'A 12 mm solid pulmonary nodule should be assessed with CT at 3 months, PET/CT or biopsy.';
    const linked = linkStep(index, step);
    expect(linked.citations.length).toBeGreaterThan(0);
    const { step: judged, hits } = judgeCandidates(index, step, {});
    const p = new Map(
      leadCandidates(hits).map((i) => [
        hits[i]?.guideline.id,
        judgeProbability(judge, judgeFeatures(judged, hits, i, index.rareIdf)),
      ]),
    );
    for (const c of linked.citations) {
      expect(c.source).toBe('linker');
      expect(c.confidence).toBe(Math.round((p.get(c.guideline) ?? -1) * 1000) / 1000);
    }
  });

  it('gives no confidence to citations of the threshold linker (no judge)', () => {
    const step = 'The thyroid nodule is very hypoechoic, which scores 3 points for echogenicity.';
    const linked = linkStep(indexFor('adult-medicine'), step, { judge: null });
    expect(linked.citations.length).toBeGreaterThan(0);
    for (const c of linked.citations) expect(c).not.toHaveProperty('confidence');
  });

  it('never gives more citations than maxCitations', () => {
    for (const c of LINK_CASES)
      expect(
        linkStep(indexFor(c.specialty), c.step, { maxCitations: 1 }).citations.length,
      ).toBeLessThanOrEqual(1);
  });
});

describe('the judge memory', () => {
  // Graf angles with no guideline named, under a question that names no topic.
  const step = 'Left hip: alpha 46°, beta 72°.';
  const plan = () =>
    planReasoning(packs, {
      question: 'What does this image show, and what should be done next?',
      images: [],
      routing: {},
      specialty: 'auto',
      perspective: 'differential',
    });
  const lookAlikes = (guidelines: string[]) =>
    createStepMemory(
      ['again', 'still', 'so', 'right', 'then', 'now'].map((word) => ({
        text: `${step} (${word})`,
        guidelines,
      })),
    );

  it('cites what steps like this one were cited to, and nothing when they were labelled none', () => {
    const { index, linkOptions } = plan();
    const cited = (memory?: StepMemory) =>
      linkStep(index, step, { ...linkOptions, judgeMemory: memory }).citations.map(
        (c) => c.guideline,
      );
    expect(cited()).toContain('graf-hip-ultrasound');
    expect(cited(lookAlikes(['graf-hip-ultrasound']))).toContain('graf-hip-ultrasound');
    expect(cited(lookAlikes([]))).toEqual([]);
  });
});

describe('restatements of the question', () => {
  it('cites nothing for a step that restates the question, though the same facts as a finding are cited', () => {
    const { index, linkOptions } = planReasoning(packs, {
      question:
        'A 52-year-old never smoker has a 7 mm solid nodule on a trauma CT. What follow-up?',
      images: [],
      routing: { modality: 'CT', bodyPart: 'CHEST' },
      specialty: 'auto',
      perspective: 'differential',
    });
    const restated = linkStep(
      index,
      'First, restating: low-risk 52-year-old, single solid 7 mm nodule, incidental on CT.',
      linkOptions,
    );
    expect(restated.citations).toEqual([]);
    expect(restated.noGuidelineSupport).toBe(true);
    // The same facts as the chain's own finding. (The session-8 judge gives the terser "A solitary
    // 7 mm solid nodule in the RLL of a low-risk 52-year-old never smoker." 0.66, under its 0.675.)
    const finding = linkStep(
      index,
      'The nodule is solid and measures 7 mm; she has never smoked, so low risk.',
      linkOptions,
    );
    expect(finding.citations.map((c) => c.guideline)).toContain('fleischner-2017');
  });
});

describe('citations written by the model', () => {
  it('reads [guideline#passage] references, also several in one bracket', () => {
    expect(
      extractCitationRefs(
        'see [Fleischner-2017#solid-6-8mm] and [li-rads-2018#lr5-criteria; pi-rads-2.1#scale] [not a ref] [x]',
      ),
    ).toEqual(['fleischner-2017#solid-6-8mm', 'li-rads-2018#lr5-criteria', 'pi-rads-2.1#scale']);
  });

  it('confirms a known reference with its support score and flags an unknown one', () => {
    const linked = linkStep(
      indexFor('adult-medicine'),
      'Solid 7 mm nodule [fleischner-2017#solid-6-8mm] [fleischner-2017#made-up-passage]',
    );
    expect(linked.citations[0]).toMatchObject({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
      source: 'model',
    });
    expect(linked.citations[0]?.score).toBeGreaterThanOrEqual(0.15);
    expect(linked.citations.filter((c) => c.passage === 'solid-6-8mm')).toHaveLength(1);
    // The judge did not choose it: a model citation carries no judge confidence.
    expect(linked.citations[0]).not.toHaveProperty('confidence');
    expect(linked.unknownCitations).toEqual(['fleischner-2017#made-up-passage']);
  });

  it("keeps a reference whose stated size range holds the step's size, however unlikely the judge finds the step", () => {
    // A judge that finds every guideline unlikely (p ≈ 0): only the passage's fit can keep it.
    const doubting = { ...judge, bias: -10, trees: [] };
    const index = indexFor('adult-medicine');
    const sized = linkStep(index, 'A round solid opacity of 7 mm [fleischner-2017#solid-6-8mm]', {
      judge: doubting,
    });
    expect(sized.citations.map((c) => `${c.guideline}#${c.passage}:${c.source}`)).toEqual([
      'fleischner-2017#solid-6-8mm:model',
    ]);
    // The same doubt drops a reference whose passage holds nothing of the step's own numbers.
    const unsized = linkStep(index, 'A round solid opacity [fleischner-2017#solid-6-8mm]', {
      judge: doubting,
    });
    expect(unsized.unsupportedCitations).toEqual(['fleischner-2017#solid-6-8mm']);
    // And one that covers under half of the step (support about 0.43), with no size to fit.
    const partly = 'The nodule is solid and round, follow-up CT [fleischner-2017#solid-6-8mm]';
    const undoubted = linkStep(index, partly, { judge: null });
    expect(undoubted.citations[0]?.score).toBeGreaterThan(0.35);
    expect(undoubted.citations[0]?.score).toBeLessThan(0.5);
    expect(linkStep(index, partly, { judge: doubting }).unsupportedCitations).toEqual([
      'fleischner-2017#solid-6-8mm',
    ]);
  });

  it('flags a reference to a pack that is not active for the specialty', () => {
    const linked = linkStep(indexFor('pediatrics'), 'Per [li-rads-2018#lr5-criteria] this is HCC.');
    expect(linked.unknownCitations).toEqual(['li-rads-2018#lr5-criteria']);
  });
});

describe("another reader's quoted read", () => {
  it('is left out of the search text; a short quote or an unattributed one stays', () => {
    expect(
      stepQuery('Prior report: "Balthazar D, necrosis 30-50%, CTSI 6." The grade is wrong.'),
    ).toBe('Prior report:   The grade is wrong.');
    expect(stepQuery('The ED note says “CURB-65 = 2 (age, urea)”. One item is missing.')).toBe(
      'The ED note says  . One item is missing.',
    );
    for (const kept of [
      'For M2 within 6 h the text says it "may be reasonable".',
      'A "bag of worms" appearance of four vessels in the cord.',
    ])
      expect(stepQuery(kept)).toBe(kept);
  });

  it('gives no citation to a step that only quotes it, as it does to the same words as a finding', () => {
    const index = indexFor('adult-medicine');
    const finding = 'Fibular fracture at the level of the syndesmosis, Weber B, mortise congruent.';
    const own = linkStep(index, finding);
    expect(own.citations.map((c) => c.guideline)).toContain('weber-ankle-fracture');
    const quoted = linkStep(index, `The prelim read: "${finding}" Half right.`);
    expect(quoted.citations).toEqual([]);
    expect(quoted.noGuidelineSupport).toBe(true);
  });

  it("keeps the study's own report that a step explains in plain words, not one it disputes", () => {
    const explained =
      'Your report says "a thin oblique fracture of the distal fibula at the syndesmosis", the thin outer bone of the ankle.';
    expect(stepQuery(explained)).toBe(explained);
    const index = indexFor('adult-medicine');
    expect(linkStep(index, explained).citations[0]?.guideline).toBe('weber-ankle-fracture');
    const disputed =
      'Your report says "a thin oblique fracture of the distal fibula at the syndesmosis", but I disagree.';
    expect(stepQuery(disputed)).not.toContain('fibula');
    expect(stepQuery('The ED note says "CURB-65 = 2 (age, urea)". Fine.')).not.toContain('urea');
  });
});

describe('a Markdown table in the chain', () => {
  it('reads the first row after prose as its header when its cells are short and hold no numbers', () => {
    const context = createStepContext();
    const rows = [
      ['Scoring the ASPECTS regions one by one.', false],
      ['| region | early ischaemic change? |', true],
      ['|---|---|', false],
      ['| insula | yes |', false],
      ['| M2 | no |', false],
      ['Two regions lost so far.', false],
      // A headerless table: its first row states a finding.
      ['| caudate | hypodense, loss of grey-white distinction |', false],
      ['| ASPECTS | 10 - 2 = 8 |', false],
    ] as const;
    for (const [row, header] of rows) expect(isTableHeaderInChain(row, context), row).toBe(header);
    // A first row with a number, and any row outside a chain, is linked as any step.
    expect(isTableHeaderInChain('| total | 8 |', createStepContext())).toBe(false);
    expect(isTableHeaderInChain('| region | early ischaemic change? |')).toBe(false);
    // A step marker's number is not read as a cell's.
    expect(isTableHeaderInChain('Step 3: | region | change? |', createStepContext())).toBe(true);
  });

  it('cites nothing for the header row, and links the rows under it', () => {
    const plan = planReasoning(packs, {
      question: 'What is the ASPECTS, and is the patient a thrombectomy candidate?',
      images: [],
      routing: { modality: 'CT', studyDescription: 'CT head non-contrast' },
      specialty: 'auto',
      perspective: 'differential',
    });
    const context = createStepContext();
    const link = (text: string) => plan.link(text, context);
    link('Non-contrast CT for an acute left MCA stroke, 2 hours from onset.');
    const header = link('| region | early ischaemic change? |');
    expect(header.citations).toEqual([]);
    expect(header.noGuidelineSupport).toBe(true);
    link('|---|---|');
    const row = link('| left insula | hypodense, loss of the insular ribbon |');
    expect(row.citations.map((c) => c.guideline)).toContain('aspects');
  });
});

describe('linkCitations', () => {
  it('keeps step order, labels and the perspective on every step', () => {
    const steps = [
      { index: 1, label: '1', text: 'There are microaneurysms only: mild NPDR.' },
      { index: 2, label: null, text: 'Let me think again.' },
    ];
    const linked = linkCitations(indexFor('brain-senses'), steps, 'analytical');
    expect(linked.map((s) => [s.index, s.label, s.perspective, s.noGuidelineSupport])).toEqual([
      [1, '1', 'analytical', false],
      [2, null, 'analytical', true],
    ]);
  });
});

describe("the chain's topics as candidates", () => {
  it("returns a bestOf guideline's best passage after the ranked hits, whatever its support", () => {
    const index = indexFor('adult-medicine');
    const ranked = index.search('no capsule.', { limit: 8, minSupport: JUDGE_MIN_SUPPORT });
    expect(ranked).toEqual([]);
    const hits = index.search('no capsule.', {
      limit: 8,
      minSupport: JUDGE_MIN_SUPPORT,
      bestOf: new Set(['li-rads-2018']),
    });
    expect(hits.map((h) => h.guideline.id)).toEqual(['li-rads-2018']);
    expect(hits[0]?.support).toBeLessThan(JUDGE_MIN_SUPPORT);
    // Marked as appended; a passage the search ranked on its own is not.
    expect(hits[0]?.bestOf).toBe(true);
    const step = 'A 24 mm observation with washout and a capsule: LR-5.';
    const own = index.search(step, { limit: 8, bestOf: new Set(['li-rads-2018']) });
    expect(own[0]?.guideline.id).toBe('li-rads-2018');
    expect(own.every((h) => h.bestOf === undefined)).toBe(true);
  });

  it('gives a terse step of an LI-RADS chain an LI-RADS candidate the search alone does not find', () => {
    const index = indexFor('adult-medicine');
    const context = createStepContext();
    linkStep(
      index,
      'A 24 mm observation with non-rim arterial phase hyperenhancement and washout in a cirrhotic liver: LR-5.',
      { context },
    );
    expect(context.led.get('li-rads-2018')).toBe(1);
    const alone = judgeCandidates(index, 'no capsule.', {});
    expect(alone.hits).toEqual([]);
    const inChain = judgeCandidates(index, 'no capsule.', { context });
    expect(inChain.hits.map((h) => h.guideline.id)).toEqual(['li-rads-2018']);
    expect([...(inChain.step.fromTopic ?? [])]).toEqual(['li-rads-2018']);
    // The judge reads where the candidate came from.
    const features = judgeFeatures(inChain.step, inChain.hits, 0, index.rareIdf);
    expect(features[JUDGE_FEATURES.indexOf('topicCandidate')]).toBe(1);
  });

  it("gives a step that puts none of its topic in words the passage that best covered the chain's earlier steps", () => {
    const index = indexFor('brain-senses');
    const context = createStepContext();
    const first = linkStep(
      index,
      'Early ischaemic change in the insula and the lentiform nucleus: two ASPECTS regions lost.',
      { context },
    );
    expect(first.citations[0]?.guideline).toBe('aspects');
    const best = context.passages.get('aspects');
    expect(best).toBe(`aspects#${first.citations[0]?.passage}`);
    // "10 - 2 = 8." holds no word any pack knows: the search alone finds nothing.
    expect(judgeCandidates(index, '10 - 2 = 8.', {}).hits).toEqual([]);
    const inChain = judgeCandidates(index, '10 - 2 = 8.', { context });
    expect(inChain.hits.map((h) => [h.key, h.support, h.unmatched])).toEqual([[best, 0, true]]);
    // The shipped judge cites it, and the citation says where it came from.
    const linked = linkStep(index, '10 - 2 = 8.', { context: { ...context } });
    expect(linked.citations[0]).toMatchObject({ guideline: 'aspects', score: 0, fromChain: true });
    // A filler step of the same chain gets no citation from it.
    expect(linkStep(index, 'Let me think about this.', { context }).citations).toEqual([]);
  });
});

describe('a step that only leads into the next', () => {
  it('cites nothing for a heading that ends in a colon or points down', () => {
    for (const lead of ['TI-RADS pts, group by group:', 'Tally ↓', '**Work-up:**', 'Next 👇'])
      expect(isLeadIn(lead), lead).toBe(true);
    for (const claims of ['Bosniak: IIF.', 'Tally: 3 points, TR3.', 'Work-up ↓ needed? No.'])
      expect(isLeadIn(claims), claims).toBe(false);
    const index = indexFor('adult-medicine');
    expect(
      linkStep(index, 'Fleischner for a 7 mm solid nodule in a low-risk adult:').citations,
    ).toEqual([]);
  });
});

describe('minutes of a meeting', () => {
  it("searches what a speaker said, not the speaker's role or name", () => {
    expect(withoutSpeaker('Radiologist: No haemorrhage on the plain CT.')).toBe(
      'No haemorrhage on the plain CT.',
    );
    expect(withoutSpeaker('Paeds surg reg: He winces when he hops.')).toBe(
      'He winces when he hops.',
    );
    expect(withoutSpeaker('Dr Okafor: GCS 15 throughout.')).toBe('GCS 15 throughout.');
    // Initials or a team in brackets, a numbered reader, and what the minutes record as settled.
    expect(withoutSpeaker('Onc (MK): still 18 % down on baseline.')).toBe(
      'still 18 % down on baseline.',
    );
    expect(withoutSpeaker('Rad (paeds): appendix not seen.')).toBe('appendix not seen.');
    expect(withoutSpeaker('Rad 2: I agree, 4B.')).toBe('I agree, 4B.');
    expect(withoutSpeaker('AGREED: ABCD2 of 5 documented.')).toBe('ABCD2 of 5 documented.');
    expect(withoutSpeaker('ACTION: book CT at 6 months.')).toBe('book CT at 6 months.');
    expect(stepQuery('ED consultant: 44, GCS 15 [canadian-c-spine-rule#scope]')).toBe(
      '44, GCS 15  ',
    );
    // Labels that are no speaker stay: a section, an answer, a category, a note to someone.
    for (const kept of [
      'S: 58M, cough.',
      'Answer: C.',
      'Lung-RADS: 4A.',
      'Answer for mum: no CT.',
      'Plan (if stable): CT at 12 months.',
    ])
      expect(withoutSpeaker(kept)).toBe(kept);
  });

  it('cites nothing for a turn that only asks, and reads a tag question as the claim it makes', () => {
    for (const asked of [
      'Surgeon: Capsule?',
      'Consultant: Any free fluid or peritoneal nodules?',
      'Q: Where do I start?',
      'Step 3: Does the rule apply to him?',
      'Gastro (LW): could it be serous? anyone see a honeycomb?',
    ])
      expect(isBareQuestion(stepQuery(asked)), asked).toBe(true);
    for (const claims of [
      "Zone II stage 3 with plus, that's type 1, so she's for treatment?",
      'Q: Is it solid? A: Yes, 7 mm.',
      'Grade III?',
      'Uro (GH): is it not a III? the laceration is only 2 cm.',
    ])
      expect(isBareQuestion(stepQuery(claims)), claims).toBe(false);
    const index = indexFor('oncology-surgery');
    const asked = 'Thoracic surgeon: Anything, spiculation or nodes, to push it to 4X?';
    expect(linkStep(index, asked).citations).toEqual([]);
  });
});
