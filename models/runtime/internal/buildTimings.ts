import type { Timings } from '../protocol';

/**
 * Timings of one generation. tokensPerSecond counts the decode steps after
 * the first token (the first one includes the prompt prefill), so it does
 * not depend on the prompt length.
 */
export function buildTimings({
  loadMs,
  start,
  end,
  firstTokenAt,
  lastTokenAt,
  count,
}: {
  loadMs: number;
  start: number;
  end: number;
  firstTokenAt?: number;
  lastTokenAt?: number;
  count: number;
}): Timings {
  const decodeMs =
    firstTokenAt !== undefined && lastTokenAt !== undefined ? lastTokenAt - firstTokenAt : 0;
  const tokensPerSecond =
    count > 1 && decodeMs > 0
      ? ((count - 1) * 1000) / decodeMs
      : count === 1 && end > start
        ? 1000 / (end - start)
        : 0;
  return {
    loadMs,
    timeToFirstTokenMs: firstTokenAt !== undefined ? firstTokenAt - start : end - start,
    tokensPerSecond,
    totalMs: end - start,
  };
}
