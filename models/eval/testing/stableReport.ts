import type { EvalReport } from '../buildReport';

/**
 * The report without what legitimately differs between two runs of the same
 * questions (wall-clock time and the rates derived from it), so a resumed run
 * can be compared with an uninterrupted one.
 */
export function stableReport(report: EvalReport) {
  return {
    ...report,
    generatedAt: undefined,
    throughput: {
      ...report.throughput,
      ms: undefined,
      tokensPerSecond: undefined,
      msPerQuestion: undefined,
    },
  };
}
