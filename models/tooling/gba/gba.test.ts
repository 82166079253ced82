import { describe, expect, it } from 'vitest';
import type { GuidelinePack } from '../../guidelines/guidelineSchema';
import { parseJsonl } from '../readJsonl';
import { computeAdvantages, rolloutSchema, type Rollout } from './computeAdvantages';
import { guidelineScore, idListChecker, packsChecker } from './guidelineReward';
import { accuracyReward, formatReward } from './rewards';

const roll = (
  prompt_id: string,
  perspective: Rollout['perspective'],
  accuracy: number,
  format = 0,
  guideline = 0,
): Rollout => ({
  prompt_id,
  perspective,
  completion: '',
  rewards: { accuracy, format, guideline },
});

describe('computeAdvantages', () => {
  it('matches a hand computation for one prompt with two perspectives', () => {
    // Rewards (weights 1,0,0): differential 1, 0; bayesian 1, 1.
    // μ_G = 0.75, σ_G = √(0.1875); μ_d = 0.5, σ_d = 0.5; μ_b = 1, σ_b = 0.
    const rows = [
      roll('q', 'differential', 1),
      roll('q', 'differential', 0),
      roll('q', 'bayesian', 1),
      roll('q', 'bayesian', 1),
    ];
    const out = computeAdvantages(rows, { weights: [1, 0, 0], lambda: 0.5 });
    const eps = 1e-6;
    const sg = Math.sqrt(0.1875);
    const bd = (0.5 - 0.75) / (sg + eps);
    const bb = (1 - 0.75) / (sg + eps);
    expect(out[0]!.within_perspective).toBeCloseTo(0.5 / (0.5 + eps), 12);
    expect(out[1]!.within_perspective).toBeCloseTo(-0.5 / (0.5 + eps), 12);
    expect(out[2]!.within_perspective).toBe(0);
    expect(out[0]!.between_perspective).toBeCloseTo(bd, 12);
    expect(out[2]!.between_perspective).toBeCloseTo(bb, 12);
    expect(out[0]!.advantage).toBeCloseTo(0.5 / (0.5 + eps) + 0.5 * bd, 12);
    expect(out[3]!.advantage).toBeCloseTo(0.5 * bb, 12);
  });

  it('weights the three rewards and keeps prompts apart', () => {
    const rows = [
      roll('a', 'intuitive', 1, 1, 1),
      roll('a', 'intuitive', 0, 0, 0),
      roll('b', 'analytical', 0, 1, 0),
    ];
    const out = computeAdvantages(rows, { weights: [2, 1, 0.5], lambda: 1 });
    expect(out.map((o) => o.reward)).toEqual([3.5, 0, 1]);
    // Prompt b has one rollout: all terms are 0, no NaN from σ = 0.
    expect(out[2]).toEqual({
      reward: 1,
      within_perspective: 0,
      between_perspective: 0,
      advantage: 0,
    });
    expect(out[0]!.between_perspective).toBe(0);
  });

  it('gives zero advantages when every reward in a prompt is equal', () => {
    const out = computeAdvantages([roll('a', 'bayesian', 1), roll('a', 'differential', 1)]);
    expect(out.every((o) => o.advantage === 0)).toBe(true);
  });

  it('reports malformed rollout lines with their line numbers', () => {
    const good = JSON.stringify(roll('a', 'bayesian', 1));
    const text = [
      good,
      '{oops',
      '',
      JSON.stringify({ ...roll('a', 'bayesian', 1), perspective: 'gut' }),
      JSON.stringify({
        prompt_id: 'a',
        perspective: 'bayesian',
        completion: '',
        rewards: { accuracy: 1 },
      }),
    ].join('\n');
    const { rows, problems } = parseJsonl(text, rolloutSchema);
    expect(rows).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 4, 5]);
    expect(problems[1]!.message).toMatch(/^perspective:/);
    expect(problems[2]!.message).toMatch(/^rewards\.format:/);
  });
});

describe('rewards', () => {
  it('scores the format of think/answer completions', () => {
    expect(formatReward('<think>1. Mass in the right lobe.</think>\n<answer>B</answer>')).toBe(1);
    expect(formatReward('Sure! <think>x</think><answer>B</answer>')).toBe(0.5);
    expect(formatReward('<think>x</think><answer>B</answer><answer>C</answer>')).toBe(0.5);
    expect(formatReward('<think> </think><answer>B</answer>')).toBe(0);
    expect(formatReward('<think>x</think>')).toBe(0);
    expect(formatReward('The answer is B')).toBe(0);
  });

  it('scores accuracy against a letter or a text label', () => {
    const options = { A: 'Pneumonia', B: 'Pneumothorax', C: 'Effusion' };
    expect(accuracyReward('<think>x</think><answer>B</answer>', 'B', options)).toBe(1);
    expect(accuracyReward('<think>x</think><answer>pneumothorax.</answer>', 'B', options)).toBe(1);
    expect(accuracyReward('<think>x</think><answer>C</answer>', 'B', options)).toBe(0);
    expect(accuracyReward('<answer>(B)</answer>', 'Pneumothorax', options)).toBe(1);
    expect(accuracyReward('<answer>Pneumothorax</answer>', 'pneumothorax')).toBe(1);
    expect(accuracyReward('<answer>Effusion</answer>', 'Pneumothorax', options)).toBe(0);
  });

  it('checks citations against a plain id list', () => {
    const checker = idListChecker(['fleischner-2017#solid-small']);
    const completion =
      '<think>1. Solid nodule of 5 mm [fleischner-2017#solid-small].\n2. No follow-up needed [made-up#x].\n3. Answer follows.</think><answer>A</answer>';
    const s = guidelineScore(completion, checker);
    expect(s).toMatchObject({
      citations: 2,
      unknown: 1,
      supporting: 1,
      steps: 3,
      stepsSupported: 1,
    });
    expect(s.reward).toBeCloseTo(0.5 * (1 / 2) + 0.5 * (1 / 3), 12);
    expect(
      guidelineScore('<think>1. No citations here.</think><answer>A</answer>', checker).reward,
    ).toBe(0);
  });

  it('uses the citation linker to check that a cited passage supports its step', () => {
    const pack: GuidelinePack = {
      schemaVersion: 1,
      id: 'test-pack',
      title: 'Test',
      version: '1',
      description: '',
      specialties: ['adult-medicine'],
      guidelines: [
        {
          id: 'nodules',
          title: 'Pulmonary nodules',
          issuer: 'Test',
          version: '1',
          year: 2017,
          url: 'https://example.org/nodules',
          licence: { kind: 'paraphrase', note: 'test' },
          seeAlso: [],
          passages: [
            {
              id: 'small-solid',
              heading: 'Small solid nodules',
              text: 'A solid pulmonary nodule under 6 mm in a low-risk patient needs no routine CT follow-up.',
              keywords: ['nodule'],
            },
            {
              id: 'pneumothorax',
              heading: 'Pneumothorax size',
              text: 'A large pneumothorax has a rim of air over 2 cm at the hilum level and usually needs drainage.',
              keywords: [],
            },
          ],
        },
      ],
    };
    const checker = packsChecker([pack]);
    const on =
      '<think>1. A solid pulmonary nodule under 6 mm in a low-risk patient needs no CT follow-up [nodules#small-solid].</think><answer>A</answer>';
    const off =
      '<think>1. A solid pulmonary nodule under 6 mm in a low-risk patient needs no CT follow-up [nodules#pneumothorax].</think><answer>A</answer>';
    expect(guidelineScore(on, checker)).toMatchObject({ supporting: 1, reward: 1 });
    expect(guidelineScore(off, checker)).toMatchObject({
      citations: 1,
      unknown: 0,
      supporting: 0,
      reward: 0,
    });
  });
});
