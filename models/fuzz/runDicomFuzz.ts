import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fuzzCase } from './fuzzCase';
import { makeDicomSeeds } from './makeDicomSeeds';
import { mapSeed } from './mutateDicom';

export type FuzzKind = 'ok' | 'clean' | 'unclean' | 'hang' | 'runaway';

export interface FuzzFailure {
  index: number;
  kind: Exclude<FuzzKind, 'ok' | 'clean'>;
  what: string;
  message: string;
  /** Where the case's bytes were saved, for --replay. */
  file?: string;
}

export interface FuzzSummary {
  cases: number;
  seed: number;
  counts: Record<FuzzKind, number>;
  failures: FuzzFailure[];
  seconds: number;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** CPU time one case may take. */
  cpuLimitMs?: number;
  /** Peak resident memory of a worker process. */
  memoryLimitMb?: number;
  /** Where failing cases are written; none when undefined. */
  outDir?: string;
  onProgress?: (done: number, counts: Record<FuzzKind, number>) => void;
}

const childScript = join(dirname(fileURLToPath(import.meta.url)), 'dicomFuzzChild.ts');
const HEAP_LIMIT_MB = 512;

interface ChildLine {
  case: number;
  phase: 'start' | 'done';
  outcome?: { kind: FuzzKind; message?: string };
  cpuMs?: number;
}

/**
 * Runs one worker process over cases [from, to) and reports each outcome; on
 * a hang (no answer within the wall-clock limit: the worker is killed) or a
 * crash it reports that case and resolves with the next index to run.
 */
function runChild(
  args: string[],
  wallLimitMs: number,
  onCase: (index: number, kind: FuzzKind, message: string, cpuMs: number) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', childScript, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let current: number | undefined;
    let last = -1;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, wallLimitMs);
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: ChildLine;
      try {
        line = JSON.parse(text) as ChildLine;
      } catch {
        return;
      }
      if (line.phase === 'start') {
        current = line.case;
        arm();
      } else if (line.outcome) {
        clearTimeout(timer);
        current = undefined;
        last = line.case;
        onCase(line.case, line.outcome.kind, line.outcome.message ?? '', line.cpuMs ?? 0);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (current === undefined) {
        if (code !== 0 && last < 0)
          return reject(new Error(`the fuzz worker failed to start: ${stderr.trim()}`));
        return resolve(last + 1);
      }
      const outOfMemory = /heap out of memory|allocation failed|Out of memory/i.test(stderr);
      const kind: FuzzKind = hung ? 'hang' : outOfMemory ? 'runaway' : 'unclean';
      const message = hung
        ? `no answer within ${wallLimitMs} ms`
        : outOfMemory
          ? 'the worker ran out of memory'
          : `the worker died (exit ${code}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
      onCase(current, kind, message, 0);
      resolve(current + 1);
    });
  });
}

/**
 * `npm run fuzz -- dicom`: mutates the seed files and runs every case in a
 * worker process under a CPU-time, wall-clock and memory limit, classifying
 * each outcome as ok, clean error, unclean error, hang or runaway allocation.
 */
export async function runDicomFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const { cases, seed, cpuLimitMs = 5000, memoryLimitMb = 1536, outDir } = options;
  const seeds = await makeDicomSeeds();
  // In the workers' order (file names, sorted), so that case i is the same bytes here and there.
  const maps = seeds
    .map((s) => mapSeed(s.name, s.bytes))
    .sort((a, b) => (`${a.name}.dcm` < `${b.name}.dcm` ? -1 : 1));
  const seedDir = mkdtempSync(join(tmpdir(), 'mmx-fuzz-seeds-'));
  const counts: Record<FuzzKind, number> = { ok: 0, clean: 0, unclean: 0, hang: 0, runaway: 0 };
  const failures: FuzzFailure[] = [];
  let done = 0;
  try {
    for (const s of seeds) writeFileSync(join(seedDir, `${s.name}.dcm`), s.bytes);
    const onCase = (index: number, reported: FuzzKind, message: string, cpuMs: number) => {
      const kind: FuzzKind = cpuMs > cpuLimitMs ? 'hang' : reported;
      counts[kind]++;
      done++;
      if (kind !== 'ok' && kind !== 'clean') {
        const { bytes, what } = fuzzCase(maps, seed, index);
        const failure: FuzzFailure = {
          index,
          kind,
          what,
          message: cpuMs > cpuLimitMs ? `${cpuMs} ms of CPU time` : message,
        };
        if (outDir) {
          mkdirSync(outDir, { recursive: true });
          failure.file = join(outDir, `dicom-${seed}-${index}.dcm`);
          writeFileSync(failure.file, bytes);
        }
        failures.push(failure);
      }
      options.onProgress?.(done, counts);
    };
    // A worker stops after a hang, a crash or a runaway case; the next one continues after it.
    for (let from = 0; from < cases;) {
      const next = await runChild(
        ['run', seedDir, String(seed), String(from), String(cases), String(memoryLimitMb)],
        cpuLimitMs * 4,
        onCase,
      );
      if (next <= from) throw new Error('the fuzz worker made no progress');
      from = next;
    }
  } finally {
    rmSync(seedDir, { recursive: true, force: true });
  }
  return { cases, seed, counts, failures, seconds: (Date.now() - started) / 1000 };
}

/** Replays one saved case under the same limits. */
export async function replayDicomCase(
  file: string,
  { cpuLimitMs = 5000, memoryLimitMb = 1536 }: { cpuLimitMs?: number; memoryLimitMb?: number } = {},
): Promise<{ kind: FuzzKind; message: string; cpuMs: number }> {
  let result: { kind: FuzzKind; message: string; cpuMs: number } | undefined;
  await runChild(
    ['replay', file, String(memoryLimitMb)],
    cpuLimitMs * 4,
    (_, kind, message, cpuMs) => {
      result = { kind: cpuMs > cpuLimitMs ? 'hang' : kind, message, cpuMs };
    },
  );
  if (!result) throw new Error('the fuzz worker gave no answer');
  return result;
}
