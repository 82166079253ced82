import type { BenchmarkName } from './benchmarks';
import { benchmarks } from './benchmarks';
import type { ModelDescription } from '../runtime/manager/describeModel';
import { calibration, type Calibration } from './calibration';
import { publishedResults } from './publishedResults';
import type { ResultRow } from './resultsLog';
import { wilsonInterval } from './wilsonInterval';

export interface Accuracy {
  correct: number;
  n: number;
  /** Percent, or null when n = 0. */
  accuracy: number | null;
  /** 95 % Wilson interval in percent. */
  ci95: { low: number; high: number };
}

export interface EvalReport {
  benchmark: BenchmarkName;
  title: string;
  model: ModelDescription;
  perspective: string | null;
  data: string;
  /** Whether every selected question has a final row. */
  complete: boolean;
  counts: {
    selected: number;
    answered: number;
    badData: number;
    modelErrors: number;
    pending: number;
  };
  overall: Accuracy;
  /** Category name → value → accuracy. */
  categories: Record<string, Record<string, Accuracy>>;
  /**
   * Answer confidence against correctness (expected calibration error, 10 bins), over the
   * answered questions that have option probabilities: overall and per category value.
   */
  calibration: {
    overall: Calibration;
    categories: Record<string, Record<string, Calibration>>;
  };
  invalid: { count: number; ratePercent: number | null; ids: string[] };
  badData: Array<{ id: string; error: string }>;
  modelErrors: Array<{ id: string; error: string }>;
  throughput: {
    tokens: number;
    ms: number;
    tokensPerSecond: number | null;
    msPerQuestion: number | null;
  };
  published: Array<{ model: string; accuracy: number; source: string; deltaPoints: number | null }>;
  generatedAt: string;
}

const pct = (x: number) => Math.round(x * 1e4) / 1e2;

function calibrationOf(rows: readonly ResultRow[]): Calibration {
  return calibration(
    rows.flatMap((r) =>
      r.probabilities ? [{ probabilities: r.probabilities, label: r.label }] : [],
    ),
  );
}

function accuracyOf(rows: readonly ResultRow[]): Accuracy {
  const correct = rows.filter((r) => r.correct).length;
  const n = rows.length;
  const ci = wilsonInterval(correct, n);
  return {
    correct,
    n,
    accuracy: n === 0 ? null : pct(correct / n),
    ci95: { low: pct(ci.low), high: pct(ci.high) },
  };
}

export interface BuildReportInput {
  benchmark: BenchmarkName;
  model: ModelDescription;
  perspective?: string;
  data: string;
  /** The selected question ids, in run order. */
  selectedIds: readonly string[];
  /** The last row of each id. */
  rows: ReadonlyMap<string, ResultRow>;
  now?: Date;
}

/**
 * Turns the rows of the selected questions into the report. Accuracy counts
 * answered questions (an unparseable answer is wrong); questions with bad
 * data or a model error are left out of it and listed, so the report says
 * when its accuracy is over fewer questions than were selected.
 */
export function buildReport(input: BuildReportInput): EvalReport {
  const def = benchmarks[input.benchmark];
  const selected = input.selectedIds.map((id) => input.rows.get(id));
  const answered = selected.filter((r): r is ResultRow => r?.status === 'answered');
  const badData = selected.filter((r): r is ResultRow => r?.status === 'bad-data');
  const modelErrors = selected.filter((r): r is ResultRow => r?.status === 'model-error');
  const pending = selected.filter((r) => r === undefined).length;

  const categories: EvalReport['categories'] = {};
  const calibrations: EvalReport['calibration']['categories'] = {};
  for (const name of def.categories) {
    const groups = new Map<string, ResultRow[]>();
    for (const row of answered) {
      const value = row.categories[name] ?? '(none)';
      const group = groups.get(value);
      if (group) group.push(row);
      else groups.set(value, [row]);
    }
    const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    categories[name] = Object.fromEntries(sorted.map(([value, rows]) => [value, accuracyOf(rows)]));
    calibrations[name] = Object.fromEntries(
      sorted.map(([value, rows]) => [value, calibrationOf(rows)]),
    );
  }

  const invalidIds = answered.filter((r) => r.prediction === null).map((r) => r.id);
  const tokens = answered.reduce((s, r) => s + r.tokens, 0);
  const ms = answered.reduce((s, r) => s + r.ms, 0);
  const overall = accuracyOf(answered);

  return {
    benchmark: input.benchmark,
    title: def.title,
    model: input.model,
    perspective: input.perspective ?? null,
    data: input.data,
    complete: pending === 0 && modelErrors.length === 0,
    counts: {
      selected: selected.length,
      answered: answered.length,
      badData: badData.length,
      modelErrors: modelErrors.length,
      pending,
    },
    overall,
    categories,
    calibration: { overall: calibrationOf(answered), categories: calibrations },
    invalid: {
      count: invalidIds.length,
      ratePercent: answered.length === 0 ? null : pct(invalidIds.length / answered.length),
      ids: invalidIds,
    },
    badData: badData.map((r) => ({ id: r.id, error: r.error ?? 'bad data' })),
    modelErrors: modelErrors.map((r) => ({ id: r.id, error: r.error ?? 'model error' })),
    throughput: {
      tokens,
      ms: Math.round(ms),
      tokensPerSecond: ms > 0 ? Math.round((tokens / ms) * 1e4) / 10 : null,
      msPerQuestion: answered.length > 0 ? Math.round(ms / answered.length) : null,
    },
    published: publishedResults.map((p) => ({
      model: p.model,
      accuracy: p.scores[input.benchmark],
      source: p.source,
      deltaPoints:
        overall.accuracy === null
          ? null
          : Math.round((overall.accuracy - p.scores[input.benchmark]) * 100) / 100,
    })),
    generatedAt: (input.now ?? new Date()).toISOString(),
  };
}
