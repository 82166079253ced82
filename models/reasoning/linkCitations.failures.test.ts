// The citation failures users reported (issue "Citations a clinician can
// trust"), each as a named case run through the product's own path:
// planReasoning(...).link(step), as `mmx ask` and the app do.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { CITATION_JUDGE } from './citationJudgeWeights';
import { linkStep } from './linkCitations';
import { planReasoning, type ReasoningRequest } from './runReasoning';

let packs: GuidelinePack[];
beforeAll(() => {
  packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
});

const chestCt = { modality: 'CT', bodyPart: 'CHEST', patientAge: '064Y' };

function link(step: string, request: Partial<ReasoningRequest> = {}) {
  const plan = planReasoning(packs, {
    question: 'What does this chest CT show and what should be done?',
    images: [],
    routing: chestCt,
    perspective: 'differential',
    ...request,
  });
  const linked = plan.link(step);
  return { ...linked, keys: linked.citations.map((c) => `${c.guideline}#${c.passage}`) };
}

describe('steps no guideline pack covers get "no guideline support"', () => {
  it.each([
    [
      'antibiotics for community-acquired pneumonia',
      'For community-acquired pneumonia in an adult without comorbidities, start oral amoxicillin 1 g three times daily for five days.',
    ],
    [
      'a MELD / transplant step',
      'His MELD-Na of 24 puts him on the liver transplant waiting list, so refer him to the transplant hepatology team.',
    ],
    [
      'an ECG step',
      'The ECG shows ST elevation in V1 to V4 with reciprocal depression inferiorly, an anterior STEMI.',
    ],
    ['"Putting it all together:"', 'Putting it all together:'],
    ['choosing an option', 'Based on all of this, I will choose option D.'],
    [
      'one shared common word',
      'Whether this adult is covered by the insurance policy remains unclear.',
    ],
    ['a single rare word', 'The spleen looks lentiform.'],
  ])('%s', (_name, step) => {
    const linked = link(step);
    expect(linked.keys).toEqual([]);
    expect(linked.noGuidelineSupport).toBe(true);
  });
});

describe('the right passage, and only it', () => {
  it('does not cite ground-glass passages for an entirely solid nodule with no ground-glass component', () => {
    const linked = link(
      'The 7 mm nodule is entirely solid, with no ground-glass component, in a low-risk never-smoker.',
    );
    expect(linked.keys[0]).toBe('fleischner-2017#solid-6-8mm');
    expect(linked.keys.filter((k) => /ground-glass|part-solid|subsolid/.test(k))).toEqual([]);
  });

  it('cites only the 6–8 mm passage for a 7 mm solid nodule, not the under-6 or over-8 mm ones', () => {
    const linked = link(
      'A single solid nodule of 7 mm in a low-risk patient: CT at 6 to 12 months is advised.',
    );
    expect(linked.keys[0]).toBe('fleischner-2017#solid-6-8mm');
    expect(linked.keys).not.toContain('fleischner-2017#solid-under-6mm');
    expect(linked.keys).not.toContain('fleischner-2017#solid-over-8mm');
  });

  it('cites Fleischner for a nodule step on an anonymised CT whose Patient Age is 000Y', () => {
    const linked = link(
      'A single solid nodule of 7 mm in a low-risk patient: CT at 6 to 12 months is advised.',
      { routing: { ...chestCt, patientAge: '000Y' } },
    );
    expect(linked.keys[0]).toBe('fleischner-2017#solid-6-8mm');
    expect(linked.keys.filter((k) => /pecarn|graf/.test(k))).toEqual([]);
  });

  it('cites Fleischner for a nodule step under a wrong manual specialty (Pediatrics)', () => {
    const linked = link(
      'A single solid nodule of 7 mm in a low-risk patient: CT at 6 to 12 months is advised.',
      { specialty: 'pediatrics' },
    );
    expect(linked.keys[0]).toBe('fleischner-2017#solid-6-8mm');
    expect(linked.keys.filter((k) => /pecarn|graf|salter/.test(k))).toEqual([]);
  });

  it('checks the model’s own references, flags invented ones and does not search for the id text', () => {
    const linked = link(
      'A single solid nodule of 7 mm in a low-risk patient needs CT at 6 to 12 months [fleischner-2017#solid-6-8mm] [fleischner-2017#solid-7mm].',
    );
    expect(linked.citations[0]).toMatchObject({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
      source: 'model',
    });
    expect(linked.unknownCitations).toEqual(['fleischner-2017#solid-7mm']);
    // A step that is nothing but an invented reference gets no support from its id words.
    const bare = link('See [fleischner-2017#solid-nodule-follow-up].');
    expect(bare.keys).toEqual([]);
    expect(bare.unknownCitations).toEqual(['fleischner-2017#solid-nodule-follow-up']);
  });

  it('reports a real passage the model cites for content it does not cover as unsupported, not as a citation', () => {
    const linked = link(
      'For empirical cover, amoxicillin 500 mg three times daily plus clarithromycin is reasonable [fleischner-2017#scope].',
    );
    expect(linked.keys).toEqual([]);
    expect(linked.unsupportedCitations).toEqual(['fleischner-2017#scope']);
    expect(linked.unknownCitations).toEqual([]);
  });

  it('finds the passage despite a typo', () => {
    const linked = link(
      'A solitary solid nodlue of 7 mm in a low-risk patient: CT in 6 to 12 months.',
    );
    expect(linked.keys[0]).toBe('fleischner-2017#solid-6-8mm');
  });

  it('carries the guideline title, version, link and passage heading on each citation', () => {
    const [first] = link(
      'A single solid nodule of 7 mm in a low-risk patient: CT at 6 to 12 months is advised.',
    ).citations;
    expect(first).toMatchObject({
      title: expect.stringMatching(/pulmonary nodules/i),
      version: '2017',
      url: expect.stringMatching(/^https:\/\//),
      heading: expect.stringMatching(/6 to 8 mm/),
    });
  });
});

describe('found on new reasoning text in session 3', () => {
  const trauma = {
    question:
      'A 24-year-old cyclist hit the handlebars. CT shows a deep laceration of the right liver lobe. What is the AAST liver injury grade?',
    routing: { modality: 'CT', bodyPart: 'ABDOMEN', patientAge: '024Y' },
  };

  it('reads "deeper than 3 cm" as past 3 cm, so the liver grade III passage ("over 3 cm deep") wins over the kidney one', () => {
    expect(
      link('A parenchymal laceration deeper than 3 cm is liver grade III.', trauma).keys[0],
    ).toBe('aast-liver-injury-2018#grade-3');
  });

  it("cites the organ the question names when a sibling scale's grade reads the same (session 8)", () => {
    // The spleen's and the liver's grade III both read "laceration over 3 cm deep". The terse step
    // is a recall miss of the session-9 judge (the liver passage gets 0.71, under its 0.775), so
    // its candidates are read at threshold 0: the liver's comes first and the spleen's not at all.
    const terse = 'Laceration depth over 3 cm: grade III.';
    expect(link(terse, trauma).keys.filter((k) => k.startsWith('aast-spleen'))).toEqual([]);
    const plan = planReasoning(packs, { images: [], perspective: 'differential', ...trauma });
    const judge = CITATION_JUDGE ?? expect.unreachable('no fitted citation judge is shipped');
    const ranked = linkStep(plan.index, terse, {
      ...plan.linkOptions,
      judge: { ...judge, threshold: 0 },
    }).citations.map((c) => `${c.guideline}#${c.passage}`);
    expect(ranked[0]).toBe('aast-liver-injury-2018#grade-3');
    expect(ranked.filter((k) => k.startsWith('aast-spleen'))).toEqual([]);
    // A step that says the spleen is still about the spleen.
    expect(
      link('The spleen has a laceration over 3 cm deep as well, grade III.', trauma).keys,
    ).toContain('aast-spleen-injury-2018#grade-3');
  });

  it('leaves a short step that names an option letter anywhere alone', () => {
    for (const step of ['I would answer B, grade III.', 'So no imaging: option C.', 'Answer A.'])
      expect(link(step, trauma).keys, step).toEqual([]);
  });

  it('needs clearer support for a guideline the question is not about', () => {
    const hip = {
      question:
        'An 81-year-old woman fell. The hip radiograph shows a displaced femoral neck fracture. Which Garden grade is it?',
      routing: { modality: 'CR', bodyPart: 'HIP', patientAge: '081Y' },
    };
    expect(
      link('A fascia iliaca block in the emergency department would help her pain.', hip).keys,
    ).toEqual([]);
    // The same words under a chest-pain question are on topic for the HEART score.
    expect(
      link('Chest pain in the emergency department with a new left bundle branch block.', {
        question:
          'A 44-year-old man has chest pain in the emergency department. What is his HEART score?',
      }).keys[0],
    ).toMatch(/^heart-score#/);
  });

  it('does not match the prefix of a hyphen compound on its own ("non-operative" is no "non-target")', () => {
    expect(
      link(
        'He is haemodynamically stable with a lactate of 1.4, so non-operative management is reasonable.',
        trauma,
      ).keys,
    ).toEqual([]);
  });
});

describe('found on new reasoning text in session 5', () => {
  const stroke = {
    question:
      'A 71-year-old arrives 2 hours after the onset of left-sided weakness. What is the next step?',
    routing: { modality: 'CT', bodyPart: 'HEAD', patientAge: '071Y' },
  };

  it('reports a real passage the model attached to a drug dose as unsupported, and keeps one it fits', () => {
    const dose = link(
      'Alteplase 0.9 mg/kg, max 90 mg, 10 % as a bolus; BP must be below 185/110 before it starts [aha-asa-stroke-2019#iv-alteplase].',
      stroke,
    );
    expect(dose.citations.filter((c) => c.source === 'model')).toEqual([]);
    expect(dose.unsupportedCitations).toEqual(['aha-asa-stroke-2019#iv-alteplase']);
    const window = link(
      'IV alteplase within 4.5 hours of onset when there is no haemorrhage on CT [aha-asa-stroke-2019#iv-alteplase].',
      stroke,
    );
    expect(window.citations[0]).toMatchObject({
      guideline: 'aha-asa-stroke-2019',
      passage: 'iv-alteplase',
      source: 'model',
    });
  });
});
