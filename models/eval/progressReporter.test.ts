import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration } from './progressReporter';
import type { EvalProgress } from './runEval';

const progress = (done: number, correct: number, ms = 2000): EvalProgress => ({
  done,
  total: 10,
  resumed: 0,
  asked: done,
  correct,
  answered: done,
  last: { id: `Q${done}`, status: 'answered', correct: true, prediction: 'C', ms },
});

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 80, write: (s: string) => chunks.push(s) }, chunks };
}

describe('createProgressReporter', () => {
  it('writes one plain line per question when stderr is not a terminal', () => {
    const { stream, chunks } = sink(false);
    const reporter = createProgressReporter(stream);
    reporter.update(progress(1, 1));
    reporter.update(progress(2, 1));
    reporter.end();
    expect(chunks).toEqual([
      '[1/10] Q1 C correct (2.0 s) acc 100.0% ETA 18s\n',
      '[2/10] Q2 C correct (2.0 s) acc 50.0% ETA 16s\n',
    ]);
  });

  it('redraws one bar with percentage and ETA on a terminal and ends its line', () => {
    const { stream, chunks } = sink(true);
    let t = 0;
    const reporter = createProgressReporter(stream, () => (t += 1000));
    reporter.update(progress(5, 4, 60_000));
    reporter.end();
    expect(chunks[0]).toBe(
      `\r\x1b[2K[${'#'.repeat(15)}${'-'.repeat(15)}] 5/10 50% acc 80.0% ETA 5m00s`,
    );
    expect(chunks[1]).toBe('\n');
  });

  it('formats durations for people', () => {
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(61_000)).toBe('1m01s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(NaN)).toBe('?');
  });
});
