import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RunState } from './reasoningSlice';
import { buildCaseJson, buildCaseMarkdown } from './exportCase';

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
  routing: { specialty: 'adult-medicine', reasons: ['CT chest'], overridden: false, scores: {} },
  perspectives: [
    {
      key: 'analytical',
      perspective: 'analytical',
      text: '<think>1. A 7 mm solid nodule.</think><answer>CT at 6-12 months</answer>',
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
            },
          ],
          noGuidelineSupport: false,
          unknownCitations: [],
        },
        {
          perspective: 'analytical',
          index: 2,
          label: '2',
          text: 'The patient is anxious.',
          citations: [],
          noGuidelineSupport: true,
          unknownCitations: [],
        },
      ],
      answer: { letter: null, text: 'CT at 6-12 months', source: 'tag' },
      unplaced: [],
      done: true,
    },
  ],
};

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
    const md = buildCaseMarkdown(run, { keepFileNames: false, appVersion: '0.1.0' });
    expect(md).toContain('# Case: Is the nodule significant?');
    expect(md).toContain('1. A 7 mm solid nodule. — [fleischner-2017#solid-6-8mm]');
    expect(md).toContain('2. The patient is anxious. — _no guideline support_');
    expect(md).toContain('**Answer:** CT at 6-12 months');
    const embedded = /!\[image-1\.png\]\(data:image\/png;base64,([A-Za-z0-9+/=]+)\)/.exec(md)?.[1];
    // The embedded PNG decodes to exactly the pixels the model saw.
    const png = PNG.sync.read(Buffer.from(embedded!, 'base64'));
    expect([png.width, png.height]).toEqual([2, 1]);
    expect([...png.data]).toEqual([255, 0, 0, 255, 90, 90, 90, 255]);
    expect(md).toContain('- `fleischner-2017#solid-6-8mm`: A single solid nodule of 6 to 8 mm…');
    expect(md).not.toContain('DOE^JANE');
  });
});
