import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchItem, BenchProblem } from './benchItem';
import { benchmarks, type BenchmarkDef, type BenchmarkName } from './benchmarks';
import { buildReport, type EvalReport } from './buildReport';
import type { ModelDescription } from '../runtime/manager/describeModel';
import { answerProbabilities } from '../reasoning/answerProbabilities';
import { parseAnswer } from '../reasoning/parseAnswer';
import type { Perspective } from '../../electron/common/schemas/reasoning';
import type { Predictor } from './predictor';
import { reliabilityDiagram, reliabilityGrid } from './reliabilityDiagram';
import { renderReport } from './renderReport';
import { latestRows, readResults, ResultsWriter, type ResultRow } from './resultsLog';
import { categoryReliabilityFile, prepareRunDir, runFiles, type RunInfo } from './runDir';
import { selectItems } from './selectItems';

export interface EvalProgress {
  /** Questions with a final row, this run and earlier ones. */
  done: number;
  total: number;
  /** Questions skipped because an earlier run finished them. */
  resumed: number;
  /** Questions asked in this run so far. */
  asked: number;
  /** Correct among answered, all runs. */
  correct: number;
  answered: number;
  last: {
    id: string;
    status: ResultRow['status'];
    correct: boolean;
    prediction: string | null;
    ms: number;
  };
}

export interface RunEvalOptions {
  benchmark: BenchmarkName;
  dataPath: string;
  imagesDir: string;
  model: ModelDescription;
  /** Called only when there is a question to ask, so a refused or finished run loads no model. */
  createPredictor: () => Promise<Predictor>;
  runDir: string;
  resume?: boolean;
  limit?: number;
  shuffle?: number;
  perspective?: Perspective;
  /** Generation budget per question (greedy decoding stops earlier at end of sequence). */
  maxNewTokens?: number;
  /** Sampling and image settings as given (recorded in run.json; --resume must keep them). */
  generation?: RunInfo['generation'];
  /** Questions asked at once (requests in flight to a model server); default 1. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
}

/** After this many model failures in a row the run stops: the model, not the data, is broken. */
const MAX_CONSECUTIVE_MODEL_ERRORS = 5;

function writeReport(runDir: string, report: EvalReport): void {
  writeFileSync(join(runDir, runFiles.reportJson), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(runDir, runFiles.reportMd), renderReport(report));
  writeFileSync(
    join(runDir, runFiles.reliabilitySvg),
    reliabilityDiagram(report.calibration.overall, `${report.title} — reliability`),
  );
  for (const [name, values] of Object.entries(report.calibration.categories))
    writeFileSync(
      join(runDir, categoryReliabilityFile(name)),
      reliabilityGrid(
        Object.entries(values).map(([value, calibration]) => ({ title: value, calibration })),
        `${report.title} — reliability by ${name}`,
      ),
    );
}

/**
 * Runs a benchmark into RUN_DIR: results.jsonl gets one flushed line per
 * question as it finishes, --resume skips the questions an earlier run
 * answered, and report.md / report.json are written at the end — also when
 * the run is cancelled, then marked incomplete. Bad data never stops a run.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const def = benchmarks[options.benchmark];
  const runDir = resolve(options.runDir);
  const dataPath = resolve(options.dataPath);
  const maxNewTokens = options.maxNewTokens ?? 1024;
  const loaded = def.load(dataPath, resolve(options.imagesDir));
  prepareRunDir(
    runDir,
    {
      benchmark: def.name,
      modelDir: options.model.dir,
      perspective: options.perspective ?? null,
      ...(options.generation && Object.keys(options.generation).length > 0
        ? { generation: options.generation }
        : {}),
      dataPath,
      startedAt: new Date().toISOString(),
    },
    { resume: options.resume ?? false },
  );

  const selected = selectItems(loaded.entries, { limit: options.limit, shuffle: options.shuffle });
  const idOf = (e: (typeof selected)[number]) => ('item' in e ? e.item.id : e.problem.id);
  const resultsFile = join(runDir, runFiles.results);
  const rows = latestRows(readResults(resultsFile).rows);
  const isFinal = (id: string) => rows.get(id)?.status === 'answered';
  const resumed = selected.filter((e) => isFinal(idOf(e))).length;

  const report = () =>
    buildReport({
      benchmark: def.name,
      model: options.model,
      perspective: options.perspective,
      data: dataPath,
      selectedIds: selected.map(idOf),
      rows,
    });

  const writer = new ResultsWriter(resultsFile);
  let predictor: Promise<Predictor> | undefined;
  let asked = 0;
  let consecutiveErrors = 0;
  // Running tallies over the selected questions (kept incrementally: OmniMedVQA has ~90k).
  const tally = { done: 0, answered: 0, correct: 0 };
  const count = (row: ResultRow | undefined, sign: 1 | -1) => {
    if (!row) return;
    if (row.status !== 'model-error') tally.done += sign;
    if (row.status === 'answered') tally.answered += sign;
    if (row.correct) tally.correct += sign;
  };
  for (const id of new Set(selected.map(idOf))) count(rows.get(id), 1);
  const record = (row: ResultRow) => {
    writer.append(row);
    count(rows.get(row.id), -1);
    rows.set(row.id, row);
    count(row, 1);
    options.onProgress?.({
      ...tally,
      total: selected.length,
      resumed,
      asked,
      last: {
        id: row.id,
        status: row.status,
        correct: row.correct,
        prediction: row.prediction,
        ms: row.ms,
      },
    });
  };
  // `concurrency` lanes take the next question in order; rows are appended as answers come.
  let next = 0;
  let failed = false;
  const claimed = new Set<string>();
  const lane = async () => {
    while (next < selected.length && !failed) {
      options.signal?.throwIfAborted();
      const entry = selected[next++]!;
      const id = idOf(entry);
      if (isFinal(id) || claimed.has(id)) continue;
      claimed.add(id);
      asked++;
      if ('problem' in entry) {
        record(badDataRow(entry.problem));
        continue;
      }
      predictor ??= options.createPredictor();
      const row = await ask(await predictor, def, entry.item, {
        perspective: options.perspective,
        maxNewTokens,
        signal: options.signal,
      });
      consecutiveErrors = row.status === 'model-error' ? consecutiveErrors + 1 : 0;
      record(row);
      if (consecutiveErrors >= MAX_CONSECUTIVE_MODEL_ERRORS) {
        throw new Error(
          `runEval: the model failed ${consecutiveErrors} questions in a row (last: ${row.error}); stopped, rerun with --resume`,
        );
      }
    }
  };
  const lanes = Math.max(1, Math.floor(options.concurrency ?? 1));
  // Every lane finishes its question before the report is written, also when one lane fails.
  const settled = await Promise.allSettled(
    Array.from({ length: lanes }, () =>
      lane().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await finish();
    throw failure.reason;
  }
  return finish();

  // The report is written however the loop ends, so a cancelled run still has one.
  async function finish(): Promise<EvalReport> {
    writer.close();
    const closing = predictor?.then(
      (p) => p.close(),
      () => undefined,
    );
    predictor = undefined;
    const final = report();
    writeReport(runDir, final);
    await closing;
    return final;
  }
}

function badDataRow(problem: BenchProblem): ResultRow {
  return {
    id: problem.id,
    status: 'bad-data',
    prediction: null,
    label: null,
    correct: false,
    raw: '',
    via: null,
    tokens: 0,
    ms: 0,
    error: problem.error,
    categories: problem.categories,
  };
}

async function ask(
  predictor: Predictor,
  def: BenchmarkDef,
  item: BenchItem,
  {
    perspective,
    maxNewTokens,
    signal,
  }: { perspective?: Perspective; maxNewTokens: number; signal?: AbortSignal },
): Promise<ResultRow> {
  const { system, prompt } = def.prompt(item, perspective);
  const base = { id: item.id, label: item.label, categories: item.categories };
  const started = performance.now();
  try {
    const letters = item.options.map((o) => o.letter).join('');
    const out = await predictor.predict(
      { images: item.images, system, prompt, maxNewTokens, answerLetters: letters },
      signal ?? new AbortController().signal,
    );
    const options = Object.fromEntries(item.options.map((o) => [o.letter, o.text]));
    const parsed = parseAnswer(out.text, { options });
    // A stated answer that names no option counts as unparseable (wrong, and listed).
    const letter = parsed?.letter ?? null;
    const via = letter ? parsed!.via : null;
    return {
      ...base,
      status: 'answered',
      prediction: letter,
      correct: letter === item.label,
      raw: out.text,
      via,
      tokens: out.tokens,
      ms: out.ms,
      probabilities: answerProbabilities(out.text, out.letterLogits, { letters, options }),
    };
  } catch (error) {
    // A cancelled run is not a model failure: let the caller stop.
    if (signal?.aborted) throw signal.reason ?? error;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      status: 'model-error',
      prediction: null,
      correct: false,
      raw: '',
      via: null,
      tokens: 0,
      ms: performance.now() - started,
      error: message.split('\n')[0],
    };
  }
}
