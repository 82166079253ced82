import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../../electron/common/jsonBytes';
import { encodeRgbPng } from '../../../../models/dicom/index';
import type { RunState } from './reasoningSlice';
import { buildCaseJson, buildCaseMarkdown } from './exportCase';

const fleischner = {
  id: 'fleischner-2017',
  title: 'Guidelines for management of incidental pulmonary nodules detected on CT images',
  version: '2017',
  edition: '2017 update, Radiology 284(1)',
  reviewed: '2026-11-02',
  url: 'https://pubs.rsna.org/doi/10.1148/radiol.2017161659',
};

const run: RunState = {
  id: 1,
  question: 'Is the nodule significant?',
  status: 'done',
  // 2×1: a red and a grey pixel, as the model saw them.
  images: [
    {
      name: 'DOE^JANE_chest.png',
      width: 2,
      height: 1,
      rgb: new Uint8Array([255, 0, 0, 90, 90, 90]),
    },
  ],
  routing: {
    specialty: 'adult-medicine',
    reasons: [
      'study description mentions "brain" → brain-senses',
      'body part CHEST → adult-medicine',
    ],
    overridden: false,
    scores: { 'adult-medicine': 2, 'brain-senses': 2 },
  },
  options: { A: 'No follow-up', B: 'CT at 6-12 months', C: 'PET-CT now' },
  perspectives: [
    {
      key: 'analytical',
      perspective: 'analytical',
      text: '<think>1. A 7 mm solid nodule.</think><answer>B</answer>',
      steps: [
        {
          perspective: 'analytical',
          index: 1,
          label: '1',
          text: 'A 7 mm solid nodule.',
          citations: [
            {
              guideline: 'fleischner-2017',
              passage: 'solid-6-8mm',
              excerpt: 'A single solid nodule of 6 to 8 mm…',
              score: 0.8,
              source: 'linker',
              confidence: 0.912,
            },
            {
              guideline: 'fleischner-2017',
              passage: 'risk-assessment',
              excerpt: 'Management differs between low-risk and high-risk patients.',
              score: 1,
              source: 'model',
              title: 'Fleischner, as the linker named it',
            },
          ],
          noGuidelineSupport: false,
          unknownCitations: [],
          unsupportedCitations: [],
        },
        {
          perspective: 'analytical',
          index: 2,
          label: '2',
          text: 'The patient is anxious.',
          citations: [],
          noGuidelineSupport: true,
          unknownCitations: [],
          unsupportedCitations: [],
        },
        {
          perspective: 'analytical',
          index: 3,
          label: '3',
          text: 'Follow the rule [fleischner-2017#made-up-rule].',
          citations: [],
          noGuidelineSupport: true,
          unknownCitations: ['fleischner-2017#made-up-rule'],
          unsupportedCitations: [],
        },
      ],
      answer: { letter: 'B', text: 'B', source: 'tag' },
      unplaced: [],
      done: true,
    },
  ],
};

const options = { keepFileNames: false, appVersion: '0.1.0', guidelines: [fleischner] };

describe('case export', () => {
  it('replaces file names by default, since they may carry the patient name', () => {
    const json = buildCaseJson(run, { keepFileNames: false, appVersion: '0.1.0' });
    expect(json.deidentified).toBe(true);
    expect(json.images.map((i) => i.name)).toEqual(['image-1.png']);
    expect(JSON.stringify(json)).not.toContain('DOE^JANE');
    const kept = buildCaseJson(run, { keepFileNames: true, appVersion: '0.1.0' });
    expect(kept.images[0]?.name).toBe('DOE^JANE_chest.png');
    expect(kept.deidentified).toBe(false);
  });

  it('writes steps with their citations, unsupported steps marked, and the answer', () => {
    const md = buildCaseMarkdown(run, options);
    expect(md).toContain('# Case: Is the nodule significant?');
    expect(md).toContain(
      '1. A 7 mm solid nodule. — [fleischner-2017#solid-6-8mm] (chosen by the linker, support 80 %, judge 91 %); [fleischner-2017#risk-assessment] (cited by the model, support 100 %)',
    );
    expect(md).toContain('2. The patient is anxious. — _no guideline support_');
    const embedded = /!\[image-1\.png\]\(data:image\/png;base64,([A-Za-z0-9+/=]+)\)/.exec(md)?.[1];
    // The embedded PNG is the one of the pixels the model saw (models/dicom/encodeRgbPng.test.ts
    // decodes such a PNG back to those pixels with an independent decoder).
    expect(embedded).toBe(toBase64(encodeRgbPng(run.images[0]!)));
    expect(md).toContain('- `fleischner-2017#solid-6-8mm`: A single solid nodule of 6 to 8 mm…');
    // The scores on the citation lines are explained once, above the passages.
    expect(md).toMatch(/## Guideline passages cited\n\nSupport: .+\. Judge: .+\.\n\n- `/);
    expect(md).not.toContain('DOE^JANE');
  });

  it('flags an invented citation id as unknown in the Markdown instead of exporting it as a normal citation', () => {
    const md = buildCaseMarkdown(run, options);
    expect(md).toContain(
      '3. Follow the rule [fleischner-2017#made-up-rule]. — unknown citation: [fleischner-2017#made-up-rule] (not in any loaded guideline); _no guideline support_',
    );
    expect(md).not.toContain('`fleischner-2017#made-up-rule`');
  });

  it('keeps every step whole in the JSON: unknown ids and "no guideline support" included', () => {
    const json = buildCaseJson(run, options);
    const steps = json.perspectives[0]!.steps;
    expect(steps[2]).toMatchObject({
      index: 3,
      label: '3',
      perspective: 'analytical',
      noGuidelineSupport: true,
      unknownCitations: ['fleischner-2017#made-up-rule'],
      unsupportedCitations: [],
    });
    expect(steps[1]?.noGuidelineSupport).toBe(true);
  });

  it("exports score, the judge's confidence, who chose the passage, title, version, edition, review date and link per citation", () => {
    const json = buildCaseJson(run, options);
    const [linked, cited] = json.perspectives[0]!.steps[0]!.citations;
    expect(linked).toEqual({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
      excerpt: 'A single solid nodule of 6 to 8 mm…',
      score: 0.8,
      source: 'linker',
      confidence: 0.912,
      title: fleischner.title,
      version: '2017',
      edition: '2017 update, Radiology 284(1)',
      reviewed: '2026-11-02',
      url: fleischner.url,
    });
    // What the citation already carries (the linker's own fields) wins over the lookup.
    expect(cited).toMatchObject({
      source: 'model',
      score: 1,
      title: 'Fleischner, as the linker named it',
    });
    // Only the judge's choices carry its probability.
    expect(cited).not.toHaveProperty('confidence');
    const md = buildCaseMarkdown(run, options);
    expect(md).toContain(
      `  ${fleischner.title}, version 2017 · Summarises: 2017 update, Radiology 284(1) · reviewed 2026-11-02 · <${fleischner.url}>`,
    );
  });

  it("says when a citation comes from the chain's earlier steps, in the line and the legend", () => {
    const [perspective] = run.perspectives;
    const [first] = perspective!.steps;
    const chained: RunState = {
      ...run,
      perspectives: [
        {
          ...perspective!,
          steps: [
            {
              ...first!,
              citations: [{ ...first!.citations[0]!, score: 0, fromChain: true }],
            },
          ],
        },
      ],
    };
    const md = buildCaseMarkdown(chained, options);
    expect(md).toContain(
      "[fleischner-2017#solid-6-8mm] (chosen by the linker, support 0 % (from the chain's earlier steps), judge 91 %)",
    );
    expect(md).toMatch(/Judge: .+\. "from the chain's earlier steps": This step shares no words/);
    expect(buildCaseJson(chained, options).perspectives[0]?.steps[0]?.citations[0]).toMatchObject({
      fromChain: true,
    });
    // Without such a citation the legend does not mention it.
    expect(buildCaseMarkdown(run, options)).not.toContain("from the chain's earlier steps");
  });

  it('writes a multiple-choice answer as "B — <option text>", not "(B) B", with the options listed', () => {
    const md = buildCaseMarkdown(run, options);
    expect(md).toContain('**Answer:** B — CT at 6-12 months');
    expect(md).not.toContain('(B) B');
    expect(md).toContain(
      '## Options\n\n- A: No follow-up\n- B: CT at 6-12 months\n- C: PET-CT now',
    );
    const json = buildCaseJson(run, options);
    expect(json.options).toEqual(run.options);
    expect(json.perspectives[0]?.answerText).toBe('CT at 6-12 months');
  });

  it('names the signals that decided the specialty, in words, and keeps every reason', () => {
    const md = buildCaseMarkdown(run, options);
    expect(md).toContain(
      '- Specialty: Adult medicine — body part CHEST (tied at weight 2 with Brain and senses)',
    );
    expect(md).toContain(
      '- Why this specialty: study description mentions "brain" → Brain and senses; body part CHEST → Adult medicine',
    );
    expect(buildCaseJson(run, options).routing?.summary).toMatch(
      /^Adult medicine — body part CHEST/,
    );
  });

  it('draws the boxes the steps located on the embedded image and says where they are in the source', () => {
    const image = {
      name: 'frame.dcm',
      width: 6,
      height: 4,
      rgb: new Uint8Array(6 * 4 * 3).fill(40),
    };
    const located: RunState = {
      ...run,
      images: [image],
      perspectives: [
        {
          ...run.perspectives[0]!,
          steps: [
            {
              perspective: 'analytical',
              index: 1,
              label: '1',
              text: 'An opacity.',
              citations: [],
              noGuidelineSupport: true,
              unknownCitations: [],
              unsupportedCitations: [],
              // Sent pixels 1..5 × 1..3; in the (larger, turned) source somewhere else.
              regions: [
                {
                  label: 'opacity',
                  image: 1,
                  frame: 0,
                  box: [80, 20, 110.4, 45],
                  imageBox: [1, 1, 5, 3],
                },
              ],
            },
          ],
        },
      ],
    };
    const md = buildCaseMarkdown(located, options);
    expect(md).toContain(
      '1. An opacity. — located: opacity (image 1, x 80–110, y 20–45 px); _no guideline support_',
    );
    const embedded = /!\[image-1\.png\]\(data:image\/png;base64,([A-Za-z0-9+/=]+)\)/.exec(md)?.[1];
    const outlined = new Uint8Array(image.rgb);
    // The box's edge pixels (2 px wide, clipped to the box's half size of 1 px vertically).
    for (let y = 1; y < 3; y++)
      for (let x = 1; x < 5; x++) outlined.set([255, 197, 61], (y * 6 + x) * 3);
    expect(embedded).toBe(toBase64(encodeRgbPng({ width: 6, height: 4, rgb: outlined })));
    // The JSON keeps the pixels as the model saw them; the regions travel in the steps.
    const json = buildCaseJson(located, options);
    expect(json.images[0]!.pngBase64).toBe(toBase64(encodeRgbPng(image)));
    expect(json.perspectives[0]!.steps[0]!.regions).toEqual(
      located.perspectives[0]!.steps[0]!.regions,
    );
  });

  it('exports the Bosniak check the panel shows, with the user’s edit and the contradiction flagged', () => {
    const [first] = run.perspectives;
    const renal: RunState = {
      ...run,
      options: {},
      perspectives: [
        {
          ...first!,
          steps: [
            {
              ...first!.steps[1]!,
              index: 1,
              label: '1',
              text: 'Portal venous CT: a 3 cm left renal cyst, thin wall, two septa of 3 mm, with measurable enhancement of the septa.',
            },
          ],
          answer: { letter: null, text: 'Bosniak II, no follow-up.', source: 'tag' },
        },
      ],
      checkInputs: { analytical: { 'bosniak-2019': { septaMm: '5' } } },
    };
    const json = buildCaseJson(renal, options);
    expect(json.perspectives[0]?.guidelineChecks).toMatchObject([
      { calculator: 'bosniak-2019', inputs: { septa: 2, septaMm: 5 }, result: { category: 'III' } },
    ]);
    const md = buildCaseMarkdown(renal, options);
    expect(md).toContain(
      '**Guideline check (bosniak-2019):** inputs modality ct, phase portal-venous, wallMm 2, septa 2, septaMm 5, enhancing yes.',
    );
    expect(md).toContain('Bosniak III: about half are malignant');
    expect(md).toMatch(/\*\*Contradiction:\*\* The model gives Bosniak II; Bosniak 2019/);
  });
});
