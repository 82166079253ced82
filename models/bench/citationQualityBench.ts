import { parseArgs } from 'node:util';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { planReasoning } from '../reasoning/runReasoning';
import { linkStep, type LinkOptions } from '../reasoning/linkCitations';
import { createStepContext } from '../reasoning/stepContext';
import { UsageError } from '../cli/command';
import {
  CITATION_QUALITY_HALVES,
  CITATION_QUALITY_HELD_OUT,
  CITATION_QUALITY_TAGS,
  expectedPassages,
  loadCitationQualitySet,
  type CitationQualityCase,
  type CitationQualityHalf,
} from './citationQualitySet';
import {
  ROUTING_KINDS,
  routingKind,
  scoreCitationQuality,
  stepProblems,
  type CitationQualityMetrics,
  type Ratio,
  type StepOutcome,
} from './scoreCitationQuality';

/** Held-out targets of the issue "Citations a clinician can trust". */
export const CITATION_QUALITY_TARGETS = {
  precision: { min: 0.95 },
  recall: { min: 0.9 },
  falseCitation: { max: 0.02 },
} as const;

/** The plan the app makes for a case's question, options, DICOM routing and manual specialty. */
export const planOfCase = (packs: readonly GuidelinePack[], c: CitationQualityCase) =>
  planReasoning(packs, {
    question: c.question,
    options: c.options,
    images: [],
    routing: c.context,
    specialty: c.specialty ?? 'auto',
    perspective: 'differential',
  });

/**
 * Links every step of one half the way the app and `mmx ask` do: one plan per
 * case (its question, options, DICOM routing and manual specialty), then
 * `plan.link(step)`.
 */
export function linkCitationQualitySet(
  packs: readonly GuidelinePack[],
  half: CitationQualityHalf,
  cases: readonly CitationQualityCase[],
  /** Link options that replace the plan's (e.g. another fitted judge, for cross-validation). */
  override?: Pick<LinkOptions, 'judge' | 'judgeMemory'>,
): StepOutcome[] {
  const loaded = new Set(packs.flatMap((p) => p.guidelines.map((g) => g.id)));
  const byId = new Map(cases.map((c) => [c.id, c]));
  return cases.flatMap((c) => {
    const plan = planOfCase(packs, c);
    const context = createStepContext();
    return c.steps.map((step, i) => {
      const linked = override
        ? linkStep(plan.index, step.text, { ...plan.linkOptions, ...override, context })
        : plan.link(step.text, context);
      return {
        half,
        caseId: c.id,
        step: i + 1,
        text: step.text,
        tags: step.tags,
        expect: step.expect,
        expectUnknown: step.expectUnknown ?? [],
        routing: routingKind(c, byId),
        specialty: plan.routing.specialty,
        citations: linked.citations.map((x) => ({
          guideline: x.guideline,
          passage: x.passage,
          score: x.score,
          source: x.source,
          ...(x.confidence !== undefined ? { confidence: x.confidence } : {}),
        })),
        unknownCitations: linked.unknownCitations,
        missingGuidelines: (step.expect?.guidelines ?? []).filter((g) => !loaded.has(g)),
      };
    });
  });
}

/** `both`, the name from when there were two halves, runs every half. */
type Split = CitationQualityHalf | 'both';
const SPLITS: readonly Split[] = [...CITATION_QUALITY_HALVES, 'both'];
const isHeldOut = (name: string) => CITATION_QUALITY_HELD_OUT.some((half) => half === name);

function parseBenchArgs(args: string[]): {
  split: Split;
  json: boolean;
  misses: boolean;
  withoutJudge: boolean;
} {
  let values: { split?: string; json?: boolean; misses?: boolean; 'without-judge'?: boolean };
  try {
    values = parseArgs({
      args,
      options: {
        split: { type: 'string' },
        json: { type: 'boolean' },
        misses: { type: 'boolean' },
        'without-judge': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(
      `citation-quality: ${message} (flags: --split ${SPLITS.join('|')}, --json, --misses, --without-judge)`,
    );
  }
  const split = values.split ?? 'both';
  const isSplit = (v: string): v is Split => SPLITS.some((s) => s === v);
  if (!isSplit(split)) {
    throw new UsageError(
      `citation-quality: --split must be ${SPLITS.slice(0, -1).join(', ')} or ${SPLITS.at(-1)}, got '${split}'`,
    );
  }
  return {
    split,
    json: values.json === true,
    misses: values.misses === true,
    withoutJudge: values['without-judge'] === true,
  };
}

const percent = (r: Ratio) => (r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)} %`);
const cell = (r: Ratio) => `${percent(r)} (${r.hits}/${r.of})`;

interface TargetCheck {
  value: number | null;
  min?: number;
  max?: number;
  met: boolean;
}

function checkTargets(
  m: CitationQualityMetrics,
): Record<keyof typeof CITATION_QUALITY_TARGETS, TargetCheck> {
  const t = CITATION_QUALITY_TARGETS;
  const at = (r: Ratio, test: (v: number) => boolean) => r.rate !== null && test(r.rate);
  return {
    precision: {
      value: m.precision.rate,
      min: t.precision.min,
      met: at(m.precision, (v) => v >= t.precision.min),
    },
    recall: {
      value: m.recall.rate,
      min: t.recall.min,
      met: at(m.recall, (v) => v >= t.recall.min),
    },
    falseCitation: {
      value: m.falseCitation.rate,
      max: t.falseCitation.max,
      met: at(m.falseCitation, (v) => v <= t.falseCitation.max),
    },
  };
}

const compact = (r: Ratio) => (r.rate === null ? '—' : (r.rate * 100).toFixed(0));

type TargetChecks = ReturnType<typeof checkTargets>;

/** The figures side by side, one column per split, the targets right after each held-out column. */
function formatTable(
  columns: [string, CitationQualityMetrics][],
  targetsBySplit: ReadonlyMap<string, TargetChecks>,
): string[] {
  const targetCell = (
    targets: TargetChecks,
    key: keyof typeof CITATION_QUALITY_TARGETS | undefined,
  ) => {
    if (!key) return '';
    const t = targets[key];
    const bound = t.min !== undefined ? `≥ ${t.min * 100} %` : `≤ ${(t.max ?? 0) * 100} %`;
    return `${bound} ${t.met ? 'met' : 'NOT met'}`;
  };
  const row = (
    label: string,
    cells: (m: CitationQualityMetrics, name: string) => string,
    target?: keyof typeof CITATION_QUALITY_TARGETS | 'header',
  ) =>
    `  ${label.padEnd(28)}${columns
      .map(([name, m]) => {
        const text = cells(m, name).padEnd(22);
        const targets = targetsBySplit.get(name);
        if (!targets) return text;
        const extra = target === 'header' ? 'held-out target' : targetCell(targets, target);
        return `${text}${extra.padEnd(18)}`;
      })
      .join('')}`.trimEnd();
  return [
    row('', (_, name) => name, 'header'),
    row('cases / steps', (m) => `${m.cases} / ${m.steps}`),
    row('steps scored (left out)', (m) => `${m.scored} (${m.excluded})`),
    row('precision', (m) => cell(m.precision), 'precision'),
    row('recall', (m) => cell(m.recall), 'recall'),
    row('false-citation rate', (m) => cell(m.falseCitation), 'falseCitation'),
    row('passage accuracy', (m) => cell(m.passageAccuracy)),
    row('extra-citation rate', (m) => cell(m.extraCitation)),
    row('invented refs flagged', (m) => cell(m.unknownRefs)),
    '',
    row('by tag: recall / false %', (_, name) => name, 'header'),
    ...CITATION_QUALITY_TAGS.map((tag) =>
      row(
        `  ${tag}`,
        (m) => `${compact(m.byTag[tag].recall)} / ${compact(m.byTag[tag].falseCitation)}`,
      ),
    ),
    '',
    row('by routing: P / R / false %', (_, name) => name, 'header'),
    ...ROUTING_KINDS.map((kind) =>
      row(`  ${kind}`, (m) => {
        const g = m.byRouting[kind];
        return `${compact(g.precision)} / ${compact(g.recall)} / ${compact(g.falseCitation)}`;
      }),
    ),
  ];
}

function describeExpect(o: StepOutcome): string {
  if (o.expect === null) return 'none';
  const passages = expectedPassages(o.expect);
  return o.expect.guidelines
    .map((g) => (passages.length > 0 ? `${g}#${passages.join('|')}` : g))
    .join(' or ');
}

function formatMiss(o: StepOutcome, problems: string[]): string[] {
  const cited =
    o.citations
      .map((c) => `${c.guideline}#${c.passage} (${c.score.toFixed(2)}, ${c.source})`)
      .join(', ') || 'none';
  return [
    `  ${o.half} ${o.caseId} step ${o.step} [${o.tags.join(', ')}] routed to ${o.specialty}`,
    `    "${o.text}"`,
    `    expected ${describeExpect(o)}; cited ${cited}${
      o.unknownCitations.length > 0 ? `; flagged unknown ${o.unknownCitations.join(', ')}` : ''
    }`,
    `    → ${problems.join('; ')}`,
  ];
}

export interface BenchIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `npm run bench -- citation-quality [--split tune|train|heldout|heldout-2|both] [--json] [--misses] [--without-judge]`. */
export async function runCitationQualityBench(
  args: string[],
  io: BenchIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<void> {
  const options = parseBenchArgs(args);
  const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
  const halves = options.split === 'both' ? [...CITATION_QUALITY_HALVES] : [options.split];
  const outcomes = new Map(
    halves.map((half) => [
      half,
      linkCitationQualitySet(
        packs,
        half,
        loadCitationQualitySet(half),
        // The linker before the judge, for before/after figures on the same steps.
        options.withoutJudge ? { judge: null } : undefined,
      ),
    ]),
  );
  const all = [...outcomes.values()].flat();

  const missing = [...new Set(all.flatMap((o) => o.missingGuidelines))].sort();
  const excluded = all.filter((o) => o.missingGuidelines.length > 0).length;
  const warnings =
    missing.length > 0
      ? [
          `${excluded} step${excluded === 1 ? '' : 's'} expect guidelines that no loaded pack contains (${missing.join(', ')}); left out of the figures until those packs load`,
        ]
      : [];

  const columns: [string, CitationQualityMetrics][] = [...outcomes].map(([half, list]) => [
    half,
    scoreCitationQuality(list),
  ]);
  if (columns.length > 1) columns.push(['all', scoreCitationQuality(all)]);
  const targetsBySplit = new Map(
    columns.filter(([name]) => isHeldOut(name)).map(([name, m]) => [name, checkTargets(m)]),
  );
  // `targets` keeps its first meaning (the `heldout` half); `targetsBySplit` has every held-out half run.
  const targets = targetsBySplit.get('heldout');

  // Held-out misses are listed only when asked for by name, so nobody tunes on them by accident.
  const missHalves: CitationQualityHalf[] = options.split === 'both' ? ['tune'] : [options.split];
  const misses = options.misses
    ? missHalves
        .flatMap((half) => outcomes.get(half) ?? [])
        .filter((o) => o.missingGuidelines.length === 0)
        .map((o) => ({ outcome: o, problems: stepProblems(o) }))
        .filter((m) => m.problems.length > 0)
    : [];

  const guidelineCount = packs.reduce((n, p) => n + p.guidelines.length, 0);
  if (options.json) {
    const doc = {
      benchmark: 'citation-quality',
      packs: { packs: packs.length, guidelines: guidelineCount },
      warnings,
      missingGuidelines: missing,
      splits: Object.fromEntries(columns),
      ...(targets ? { targets } : {}),
      ...(targetsBySplit.size > 0 ? { targetsBySplit: Object.fromEntries(targetsBySplit) } : {}),
      ...(options.misses
        ? {
            misses: misses.map((m) => ({ ...m.outcome, problems: m.problems })),
            missesOf: missHalves,
          }
        : {}),
    };
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const lines = [
    `citation-quality: each step through planReasoning(...).link as the app does${options.withoutJudge ? ', without the citation judge (support threshold only)' : ''}; ${guidelineCount} guidelines in ${packs.length} packs`,
    ...warnings.map((w) => `warning: ${w}`),
    ...formatTable(columns, targetsBySplit),
  ];
  if (options.misses) {
    lines.push(
      '',
      `misses (${missHalves.join(', ')}): ${misses.length} step${misses.length === 1 ? '' : 's'}`,
    );
    if (options.split === 'both')
      lines.push(
        `  (held-out misses are listed only with --split ${CITATION_QUALITY_HELD_OUT.join(' or ')}; do not tune on them)`,
      );
    for (const m of misses) lines.push(...formatMiss(m.outcome, m.problems));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}
