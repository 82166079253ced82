import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { JUDGE_FEATURES } from '../reasoning/citationJudge';
import { CITATION_JUDGE } from '../reasoning/citationJudgeWeights';
import { runCli } from '../cli/testing/runCli';
import {
  chooseThreshold,
  FALSE_CITATION_WEIGHT,
  fitJudge,
  loadTrainingCases,
  memorySteps,
  trainingRows,
  withGenericQuestion,
} from './citationJudgeBench';
import { CITATION_JUDGE_MEMORY } from '../reasoning/citationJudgeMemory';
import {
  CITATION_QUALITY_HELD_OUT,
  CITATION_QUALITY_TRAINING,
  loadCitationQualitySet,
} from './citationQualitySet';
import type { CitationQualityMetrics } from './scoreCitationQuality';

const ratio = (hits: number, of: number) => ({ hits, of, rate: of === 0 ? null : hits / of });
const metrics = (p: number, r: number, f: number) =>
  ({
    precision: ratio(p, 100),
    recall: ratio(r, 100),
    falseCitation: ratio(f, 100),
  }) as CitationQualityMetrics;

describe('the citation judge', () => {
  it('is the model fitted on the training halves, never on a held-out one', () => {
    const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
    const cases = loadTrainingCases();
    const model = fitJudge(trainingRows(packs, cases));
    const shipped = CITATION_JUDGE ?? expect.unreachable('no fitted citation judge is shipped');
    // The committed trees split where the fit splits; their leaf values are rounded to 6 decimals.
    expect(shipped.trees).toHaveLength(model.trees.length);
    model.trees.forEach((tree, t) => {
      const committed = shipped.trees[t];
      expect(committed?.feature).toEqual(tree.feature);
      expect(committed?.threshold).toEqual(tree.threshold);
      expect(committed?.left).toEqual(tree.left);
      expect(committed?.right).toEqual(tree.right);
      tree.value.forEach((v, k) => expect(committed?.value[k]).toBeCloseTo(v, 5));
    });
    expect(shipped.bias).toBeCloseTo(model.bias, 5);
    const used = model.trees.flatMap((t) => t.feature.filter((f) => f >= 0));
    expect(Math.max(...used)).toBeLessThan(JUDGE_FEATURES.length);
    for (const half of CITATION_QUALITY_HELD_OUT)
      expect((CITATION_QUALITY_TRAINING as readonly string[]).includes(half)).toBe(false);
    // The whole fit, on 2,500 cases and their generic copies: a minute alone, more beside other files.
  }, 300_000);

  it("remembers the training halves' steps with their labels, and no held-out step", () => {
    const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
    const expected = memorySteps(packs, loadTrainingCases()).map((s) => [
      s.text,
      s.guidelines.join(' '),
    ]);
    expect(CITATION_JUDGE_MEMORY).toEqual(expected);
    // Bare answer lines ("c") may repeat across halves (the set's own test allows it); nothing else does.
    const heldOut = new Set(
      CITATION_QUALITY_HELD_OUT.flatMap((h) => loadCitationQualitySet(h)).flatMap((c) =>
        c.steps.filter((s) => !s.tags.includes('answer')).map((s) => s.text),
      ),
    );
    expect(CITATION_JUDGE_MEMORY.filter(([text]) => heldOut.has(text))).toEqual([]);
  });

  it('remembers no answer statement and no table header row, as the linker cites neither', () => {
    const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
    const [first] = loadCitationQualitySet('tune');
    if (!first) throw new Error('the tune half is empty');
    const step = (text: string, guidelines: string[] = []) => ({
      text,
      expect: guidelines.length > 0 ? { guidelines } : null,
      tags: [],
    });
    const chain = {
      ...first,
      steps: [
        step('Scoring the ASPECTS regions one by one.'),
        step('| region | early ischaemic change? |'),
        step('|---|---|'),
        step('| insula | hypodense |', ['aspects']),
        step('Answer: B.'),
      ],
    };
    expect(memorySteps(packs, [{ case: chain, half: 'tune', fold: 0 }]).map((s) => s.text)).toEqual(
      ['Scoring the ASPECTS regions one by one.', '|---|---|', '| insula | hypodense |'],
    );
  });

  it('asks a generic copy of a case under a question that names no guideline, keeping its steps', () => {
    const [first] = loadCitationQualitySet('tune');
    if (!first) throw new Error('the tune half is empty');
    const copy = withGenericQuestion(first);
    expect(copy.steps).toBe(first.steps);
    expect(copy.variantOf).toBe(first.variantOf ?? first.id);
    expect(copy.question).not.toBe(first.question);
    expect(copy.question).not.toMatch(/fleischner|rads|bosniak|score|rule/i);
  });
});

describe('chooseThreshold', () => {
  it('takes the fewest false citations among the thresholds that meet all three targets', () => {
    const curve = [
      { threshold: 0.5, metrics: metrics(95, 92, 2) },
      { threshold: 0.6, metrics: metrics(96, 91, 1) },
      { threshold: 0.7, metrics: metrics(97, 85, 0) },
    ];
    expect(chooseThreshold(curve)).toBe(0.6);
  });

  it('takes the least total shortfall when none meets them', () => {
    const curve = [
      { threshold: 0.5, metrics: metrics(90, 92, 8) }, // 5 + 0 + 2 × 6 = 17 points short
      { threshold: 0.6, metrics: metrics(94, 86, 3) }, // 1 + 4 + 2 × 1 = 7
      { threshold: 0.7, metrics: metrics(97, 75, 1) }, // 0 + 15 + 0 = 15
    ];
    expect(chooseThreshold(curve)).toBe(0.6);
  });

  it('counts a point of false citations twice when it weighs the shortfalls', () => {
    const curve = [
      { threshold: 0.5, metrics: metrics(95, 89, 4) }, // 0 + 1 + 2 × 2 = 5 points short
      { threshold: 0.7, metrics: metrics(96, 86, 3) }, // 0 + 4 + 2 × 1 = 6
      { threshold: 0.8, metrics: metrics(97, 87, 2.5) }, // 0 + 3 + 2 × 0.5 = 4
    ];
    expect(FALSE_CITATION_WEIGHT).toBe(2);
    expect(chooseThreshold(curve)).toBe(0.8);
  });
});

describe('npm run bench -- citation-judge', () => {
  it('refuses an unknown flag with one error line and exit 2', async () => {
    const r = await runCli(['bench', 'citation-judge', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: citation-judge: .*--bogus.*\n$/);
  });
});
