import { describe, expect, it } from 'vitest';
import {
  reasoningAnswerSchema,
  reasoningStepSchema,
} from '../../electron/common/schemas/reasoning';
import { runGuidelineChecks } from './runGuidelineChecks';

const stepsOf = (...texts: string[]) =>
  texts.map((text, i) =>
    reasoningStepSchema.parse({ perspective: 'analytical', index: i + 1, text, citations: [] }),
  );

const run = (texts: string[], answer: string) => ({
  perspective: 'analytical' as const,
  steps: stepsOf(...texts),
  answer: reasoningAnswerSchema.parse({ letter: null, text: answer, source: 'tag' }),
});

describe('runGuidelineChecks', () => {
  it('runs ACR TI-RADS on a thyroid nodule, not Fleischner', () => {
    const [check, ...rest] = runGuidelineChecks(
      run(
        [
          'Thyroid ultrasound: a 16 mm solid hypoechoic nodule, wider-than-tall, smooth margins, no calcifications.',
        ],
        'TR4, follow-up ultrasound.',
      ),
    );
    expect(rest).toEqual([]);
    expect(check).toMatchObject({
      calculator: 'acr-ti-rads-2017',
      perspective: 'analytical',
      inputs: { composition: 'solid', foci: 'none', sizeMm: 16 },
      missing: [],
      result: { guideline: 'acr-ti-rads-2017', category: 'TR4', passage: 'fna-thresholds' },
    });
    expect(check?.contradiction).toMatch(/^The model recommends ultrasound follow-up; .* FNA/);
  });

  it('runs Lung-RADS on a screening CT and Fleischner on an incidental nodule', () => {
    const screening = runGuidelineChecks(
      run(['Baseline low-dose CT for lung cancer screening: a 7 mm solid nodule.'], 'Lung-RADS 3.'),
    );
    expect(screening).toMatchObject([
      {
        calculator: 'lung-rads-2022',
        result: { category: '3', passage: 'category-3' },
        contradiction: null,
      },
    ]);
    const incidental = runGuidelineChecks(
      run(['A single 7 mm solid nodule in a never-smoker.'], 'CT at 3 months.'),
    );
    expect(incidental).toMatchObject([
      { calculator: 'fleischner-2017', result: { passage: 'solid-6-8mm' } },
    ]);
    expect(incidental[0]?.contradiction).toMatch(/CT at 3 months/);
  });

  it('applies the user’s edits for that calculator and ignores values outside its choices', () => {
    const steps = ['Baseline screening LDCT: a solid nodule.'];
    expect(runGuidelineChecks(run(steps, 'Lung-RADS 2.'))[0]?.missing).toEqual(['sizeMm']);
    const edited = runGuidelineChecks(
      run(steps, 'Lung-RADS 2.'),
      {},
      {
        'lung-rads-2022': { sizeMm: '16', type: 'boulder' },
        'fleischner-2017': { sizeMm: '3' },
      },
    );
    expect(edited[0]).toMatchObject({
      inputs: { type: 'solid', sizeMm: 16 },
      result: { category: '4B' },
      contradiction: expect.stringMatching(/^The model gives Lung-RADS 2;/),
    });
    const foci = runGuidelineChecks(
      run(['A 2 cm solid isoechoic thyroid nodule, wider-than-tall, smooth margins.'], 'TR3'),
      {},
      { 'acr-ti-rads-2017': { foci: 'macro,punctate' } },
    );
    expect(foci[0]).toMatchObject({
      inputs: { foci: 'macro,punctate' },
      result: { category: 'TR5' },
    });
    expect(foci[0]?.contradiction).toMatch(/^The model gives TR3;/);
  });

  it('returns nothing for a run about neither', () => {
    expect(runGuidelineChecks(run(['The liver shows an LR-5 observation.'], 'HCC'))).toEqual([]);
  });
});
