import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { JUDGE_FEATURES, type JudgeWeights } from '../reasoning/citationJudge';
import { citesNothingInChain, judgedLeads, stepQuery } from '../reasoning/linkCitations';
import { UsageError } from '../cli/command';
import {
  CITATION_QUALITY_TARGETS,
  linkCitationQualitySet,
  planOfCase,
} from './citationQualityBench';
import {
  CITATION_QUALITY_TRAINING,
  loadCitationQualityFiles,
  type CitationQualityCase,
  type CitationQualityHalf,
} from './citationQualitySet';
import { fitBoostedTrees, type BoostingOptions } from './fitBoostedTrees';
import { createStepContext } from '../reasoning/stepContext';
import { createStepMemory, type MemoryStep, type StepMemory } from '../reasoning/stepMemory';
import {
  scoreCitationQuality,
  type CitationQualityMetrics,
  type Ratio,
} from './scoreCitationQuality';

/** Where the fitted judge is written (imported by the linker). */
export const JUDGE_WEIGHTS_FILE = fileURLToPath(
  new URL('../reasoning/citationJudgeWeights.ts', import.meta.url),
);

/** Where the judge's memory of labelled steps is written (imported by the linker). */
export const JUDGE_MEMORY_FILE = fileURLToPath(
  new URL('../reasoning/citationJudgeMemory.ts', import.meta.url),
);

/** One candidate passage of one step, as the judge sees it, and whether its guideline is expected. */
export interface JudgeRow {
  /** The writer's fold (see writerFold), so cross-validation never splits a writer's work. */
  fold: number;
  features: number[];
  label: 0 | 1;
}

/** A training case and the fold of the file (the writer) it comes from. */
export interface TrainingCase {
  case: CitationQualityCase;
  half: CitationQualityHalf;
  fold: number;
}

const FOLDS = 5;

/** The fold of a writer's file: cross-validation holds out whole writers, as a new writer's steps are what the judge meets. */
export const writerFold = (file: string) => foldOf(file, FOLDS);

/** The training halves (tune, train), each case with its writer's fold. */
export function loadTrainingCases(): TrainingCase[] {
  return CITATION_QUALITY_TRAINING.flatMap((h) =>
    loadCitationQualityFiles(h).flatMap(({ file, cases }) =>
      cases.map((c) => ({ case: c, half: h, fold: writerFold(file) })),
    ),
  );
}

/**
 * The labelled steps of some training cases, for the judge's memory: each base
 * case's steps but answer statements (the linker never judges those), without
 * the `[guideline#passage]` references the search text drops too.
 */
export function memorySteps(
  packs: readonly GuidelinePack[],
  cases: readonly TrainingCase[],
): (MemoryStep & { fold: number })[] {
  return cases
    .filter((t) => t.case.variantOf === undefined)
    .flatMap(({ case: c, fold }) => {
      const question = planOfCase(packs, c).linkOptions.question;
      const context = createStepContext();
      return c.steps.flatMap((step) => {
        const text = stepQuery(step.text);
        return citesNothingInChain(text, { question, context })
          ? []
          : [{ text, guidelines: step.expect?.guidelines ?? [], fold }];
      });
    });
}

/** A memory of the steps outside some folds (a row never remembers its own writer's steps, nor a held-out fold's). */
function memoryWithout(
  steps: readonly (MemoryStep & { fold: number })[],
  folds: readonly number[],
): StepMemory {
  return createStepMemory(steps.filter((s) => !folds.includes(s.fold)));
}

/**
 * The judge's training rows: each guideline's lead candidate the linker would weigh, for every
 * non-answer step. Each case reads a memory without its own writer's fold and the `excluded`
 * ones, so the memory features are what a new writer's step would get.
 */
export function judgeRows(
  packs: readonly GuidelinePack[],
  cases: readonly TrainingCase[],
  memory: readonly (MemoryStep & { fold: number })[],
  excluded: readonly number[] = [],
): JudgeRow[] {
  const memories = new Map<number, StepMemory>();
  const memoryFor = (fold: number) => {
    let m = memories.get(fold);
    if (!m) memories.set(fold, (m = memoryWithout(memory, [fold, ...excluded])));
    return m;
  };
  return cases.flatMap(({ case: c, fold }) => {
    const plan = planOfCase(packs, c);
    // The case's steps in order, as the linker sees a chain (see stepContext.ts).
    const options = {
      ...plan.linkOptions,
      context: createStepContext(),
      judgeMemory: memoryFor(fold),
    };
    return c.steps.flatMap((step) => {
      const query = stepQuery(step.text);
      if (citesNothingInChain(query, options)) return [];
      return judgedLeads(plan.index, query, options).leads.map(({ hit, features }): JudgeRow => ({
        fold,
        features,
        label: step.expect?.guidelines.includes(hit.guideline.id) === true ? 1 : 0,
      }));
    });
  });
}

// Questions that name no topic, as users often ask them. Every case is also
// fitted (and checked) under one of these, so the judge does not learn to lean
// on a question that names its guideline: the set's questions mostly do.
const GENERIC_QUESTIONS = [
  'What does this image show, and what should be done next?',
  'Describe the findings and the most appropriate management.',
  'What is the most likely diagnosis, and what is the next step?',
];

/** The case asked with a question that names no topic (same steps, options and expectations). */
export function withGenericQuestion(c: CitationQualityCase): CitationQualityCase {
  const base = c.variantOf ?? c.id;
  return {
    ...c,
    id: `${c.id}--generic`,
    variantOf: base,
    question: GENERIC_QUESTIONS[foldOf(base, GENERIC_QUESTIONS.length)] as string,
  };
}

// How many points of recall or precision a point of false citations is worth in chooseThreshold.
export const FALSE_CITATION_WEIGHT = 2;
// The candidate thresholds cross-validation compares.
const THRESHOLDS = Array.from({ length: 25 }, (_, i) => 0.3 + i * 0.025);
/** Deterministic fold of a case group (FNV-1a of its id). */
function foldOf(group: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193) >>> 0;
  return h % folds;
}

/**
 * The threshold to ship: where cross-validation meets all three of the
 * issue's targets (precision ≥ 95 %, recall ≥ 90 %, false citations ≤ 2 %),
 * the one with the fewest false citations; when none does, the one closest
 * to them: the least sum of the three shortfalls, a point of false citations
 * counting FALSE_CITATION_WEIGHT times, because the issue holds that a merely
 * plausible citation is worse than none (a missed one costs the clinician a
 * look at the library; a wrong one can mislead).
 */
export function chooseThreshold(
  curve: readonly { threshold: number; metrics: CitationQualityMetrics }[],
): number {
  const value = (r: Ratio) => r.rate ?? 0;
  const { precision, recall, falseCitation } = CITATION_QUALITY_TARGETS;
  const meets = curve.filter(
    (c) =>
      value(c.metrics.precision) >= precision.min &&
      value(c.metrics.recall) >= recall.min &&
      value(c.metrics.falseCitation) <= falseCitation.max,
  );
  if (meets.length > 0)
    return meets.reduce((a, b) =>
      value(b.metrics.falseCitation) < value(a.metrics.falseCitation) ? b : a,
    ).threshold;
  const shortfall = (m: CitationQualityMetrics) =>
    Math.max(0, precision.min - value(m.precision)) +
    Math.max(0, recall.min - value(m.recall)) +
    FALSE_CITATION_WEIGHT * Math.max(0, value(m.falseCitation) - falseCitation.max);
  return curve.reduce((a, b) => (shortfall(b.metrics) < shortfall(a.metrics) ? b : a)).threshold;
}

/**
 * The rows the judge is fitted on: every training case as written and asked generically. `memory`
 * may hold more folds than `cases` (the whole training set's, computed once): judgeRows leaves
 * out each case's own fold and the `excluded` ones.
 */
export const trainingRows = (
  packs: readonly GuidelinePack[],
  cases: readonly TrainingCase[],
  {
    memory = memorySteps(packs, cases),
    excluded = [],
  }: {
    memory?: readonly (MemoryStep & { fold: number })[];
    excluded?: readonly number[];
  } = {},
): JudgeRow[] =>
  judgeRows(
    packs,
    [...cases, ...cases.map((t) => ({ ...t, case: withGenericQuestion(t.case) }))],
    memory,
    excluded,
  );

/**
 * How the judge's trees are grown. With 29,400 training steps, trees of 16 leaves over 300
 * rounds (fitBoostedTrees' defaults are 8 and 200) cross-validated better by writer on the same
 * data: recall at ≤ 2 % false citations 89.2 → 89.6 %, false citations at ≥ 89 % recall
 * 1.99 → 1.84 %; 32 leaves gained nothing over 16.
 */
export const JUDGE_BOOSTING: BoostingOptions = { maxLeaves: 16, rounds: 300 };

/** The judge's trees fitted on some rows. */
export const fitJudge = (rows: readonly JudgeRow[]) =>
  fitBoostedTrees(
    rows.map((r) => r.features),
    rows.map((r) => r.label),
    JUDGE_BOOSTING,
  );

const pct = (r: Ratio) =>
  r.rate === null ? '   —  ' : `${(100 * r.rate).toFixed(1).padStart(5)} %`;

/**
 * `npm run bench -- citation-judge [--write]`: fits the citation judge on the
 * training halves (tune, train), prints 5-fold cross-validated precision,
 * recall and false citations per threshold beside the support-threshold
 * linker on the same steps, and with `--write` writes the judge fitted on all
 * of them, at the chosen threshold, for the linker to use.
 */
export async function runCitationJudgeBench(
  args: string[],
  io: { stdout: NodeJS.WritableStream } = { stdout: process.stdout },
): Promise<void> {
  let write = false;
  try {
    write =
      parseArgs({ args, options: { write: { type: 'boolean' } }, strict: true }).values.write ===
      true;
  } catch (error) {
    throw new UsageError(
      `citation-judge: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (flags: --write)`,
    );
  }
  const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
  const training = loadTrainingCases();
  const halves = CITATION_QUALITY_TRAINING;
  const cases = training.map((t) => t.case);
  const memory = memorySteps(packs, training);
  const rows = trainingRows(packs, training, { memory });
  const fit = fitJudge;
  const judgeOf = (model: ReturnType<typeof fit>, threshold: number): JudgeWeights => ({
    features: [...JUDGE_FEATURES],
    ...model,
    threshold,
  });

  // Cross-validation by writer: each fold's writers linked by a judge fitted without them,
  // remembering only the other folds' steps (its training rows, only the folds left after that).
  const folds = Array.from({ length: FOLDS }, (_, k) => {
    const inFold = training.filter((t) => t.fold === k);
    return {
      model: fit(
        trainingRows(
          packs,
          training.filter((t) => t.fold !== k),
          { memory, excluded: [k] },
        ),
      ),
      memory: memoryWithout(memory, [k]),
      halves: halves.map(
        (h) => [h, inFold.filter((t) => t.half === h).map((t) => t.case)] as const,
      ),
    };
  });
  const crossValidated = (threshold: number, generic: boolean) =>
    scoreCitationQuality(
      folds.flatMap(({ model, memory: judgeMemory, halves: byHalf }) =>
        byHalf.flatMap(([half, list]) =>
          linkCitationQualitySet(packs, half, generic ? list.map(withGenericQuestion) : list, {
            judge: judgeOf(model, threshold),
            judgeMemory,
          }),
        ),
      ),
    );
  const curve = THRESHOLDS.map((threshold) => ({
    threshold,
    metrics: crossValidated(threshold, false),
  }));
  const withoutJudge = (generic: boolean) =>
    scoreCitationQuality(
      halves.flatMap((half) => {
        const list = training.filter((t) => t.half === half).map((t) => t.case);
        return linkCitationQualitySet(packs, half, generic ? list.map(withGenericQuestion) : list, {
          judge: null,
        });
      }),
    );
  const baseline = withoutJudge(false);
  const chosen = chooseThreshold(curve);
  const generic = crossValidated(chosen, true);
  const genericBaseline = withoutJudge(true);
  const lines = [
    `citation-judge: boosted-trees judge over ${JUDGE_FEATURES.length} features, ${rows.length} candidates of ${cases.length} cases (${halves.join(' + ')}), ${FOLDS}-fold CV by writer`,
    `  threshold   precision   recall    false-citation   passage   extra`,
    `  support     ${pct(baseline.precision)}     ${pct(baseline.recall)}   ${pct(baseline.falseCitation)}          ${pct(baseline.passageAccuracy)}   ${pct(baseline.extraCitation)}   (the linker without the judge, same steps)`,
    ...curve.map(
      (c) =>
        `  p ≥ ${c.threshold.toFixed(3)}   ${pct(c.metrics.precision)}     ${pct(c.metrics.recall)}   ${pct(c.metrics.falseCitation)}          ${pct(c.metrics.passageAccuracy)}   ${pct(c.metrics.extraCitation)}${c.threshold === chosen ? '   ← chosen' : ''}`,
    ),
    `the same steps asked with a question that names no topic ("${GENERIC_QUESTIONS[0]}" and two more):`,
    `  support      ${pct(genericBaseline.precision)}     ${pct(genericBaseline.recall)}   ${pct(genericBaseline.falseCitation)}          ${pct(genericBaseline.passageAccuracy)}   ${pct(genericBaseline.extraCitation)}   (without the judge)`,
    `  p ≥ ${chosen.toFixed(3)}   ${pct(generic.precision)}     ${pct(generic.recall)}   ${pct(generic.falseCitation)}          ${pct(generic.passageAccuracy)}   ${pct(generic.extraCitation)}   (the chosen judge, cross-validated)`,
  ];
  if (write) {
    const judge = judgeOf(fit(rows), chosen);
    writeFileSync(JUDGE_WEIGHTS_FILE, weightsModule(judge, halves, rows.length));
    writeFileSync(JUDGE_MEMORY_FILE, memoryModule(memory, halves));
    lines.push(
      `wrote ${JUDGE_WEIGHTS_FILE} (threshold ${chosen.toFixed(3)}; run prettier on it) and ${JUDGE_MEMORY_FILE} (${memory.length} steps)`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The weights as a TypeScript module, so the linker (renderer side too) imports them without fs. */
function weightsModule(judge: JudgeWeights, halves: readonly string[], rows: number): string {
  // Split points stay exact (a feature value may sit next to one); leaf values keep 6 decimals.
  const body = {
    features: judge.features,
    bias: round(judge.bias),
    threshold: round(judge.threshold),
    trees: judge.trees.map((t) => ({ ...t, value: t.value.map(round) })),
  };
  // The module's one export, named here so this file does not read as a second definition of it.
  const name = 'CITATION_JUDGE';
  return `import type { JudgeWeights } from './citationJudge';

// Written by \`npm run bench -- citation-judge --write\`: fitted on ${halves.join(' + ')}
// (${rows} candidate passages), never on a held-out half. Do not edit by hand.
export const ${name}: JudgeWeights | null = ${JSON.stringify(body, null, 2)};
`;
}

/**
 * The memory as a TypeScript module, one step a line: [text, guidelines separated by spaces ('' for
 * none)]. The file is left out of prettier (.prettierignore): formatted, it would be ten times longer.
 */
export function memoryModule(steps: readonly MemoryStep[], halves: readonly string[]): string {
  const lines = steps.map((s) => `  ${JSON.stringify([s.text, s.guidelines.join(' ')])},`);
  // The module's one export, named here so this file does not read as a second definition of it.
  const name = 'CITATION_JUDGE_MEMORY';
  return `// Written by \`npm run bench -- citation-judge --write\`: the steps of ${halves.join(' + ')} the judge
// remembers (answer statements aside), never a held-out half's. Do not edit by hand.
/** The training halves' steps (text, expected guidelines separated by spaces, '' for none) the judge remembers. */
export const ${name}: readonly (readonly [string, string])[] = [
${lines.join('\n')}
];
`;
}
