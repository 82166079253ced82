import type { EvalProgress } from './runEval';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Shows eval progress on stderr: a redrawn bar with ETA on a terminal, one
 * plain line per question otherwise (logs, CI). The ETA uses the mean time
 * of the questions asked in this run (not the model load, not resumed ones).
 */
export function createProgressReporter(
  stream: ProgressStream,
  now: () => number = () => performance.now(),
) {
  let lastDraw = -Infinity;
  let drawn = false;
  let askedMs = 0;
  let askedCount = 0;
  const summary = (p: EvalProgress) => {
    askedMs += p.last.ms;
    askedCount++;
    const perQuestion = askedMs / askedCount;
    const eta = formatDuration(perQuestion * (p.total - p.done));
    const acc = p.answered > 0 ? `${((100 * p.correct) / p.answered).toFixed(1)}%` : '—';
    return { eta, acc };
  };
  return {
    update(p: EvalProgress): void {
      const { eta, acc } = summary(p);
      if (!stream.isTTY) {
        const what =
          p.last.status === 'answered'
            ? `${p.last.prediction ?? 'invalid'} ${p.last.correct ? 'correct' : 'wrong'}`
            : p.last.status;
        stream.write(
          `[${p.done}/${p.total}] ${p.last.id} ${what} (${(p.last.ms / 1000).toFixed(1)} s) acc ${acc} ETA ${eta}\n`,
        );
        return;
      }
      const t = now();
      if (t - lastDraw < 100 && p.done < p.total) return;
      lastDraw = t;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
      const filled = p.total > 0 ? Math.round((width * p.done) / p.total) : width;
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
      stream.write(`\r\x1b[2K[${bar}] ${p.done}/${p.total} ${percent}% acc ${acc} ETA ${eta}`);
      drawn = true;
    },
    /** Ends the bar's line so later output starts on a fresh one. */
    end(): void {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
