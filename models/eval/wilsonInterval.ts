/**
 * The Wilson score interval for a binomial proportion (Wilson 1927, JASA
 * 22:209): unlike the normal approximation it stays inside [0, 1] and is
 * sensible for small n and for accuracies near 0 or 1.
 * z = 1.959964 gives the 95 % interval. n = 0 gives [0, 1].
 */
export function wilsonInterval(
  successes: number,
  n: number,
  z = 1.959963984540054,
): { low: number; high: number } {
  if (
    !Number.isInteger(successes) ||
    !Number.isInteger(n) ||
    successes < 0 ||
    n < 0 ||
    successes > n
  ) {
    throw new RangeError(
      `wilsonInterval: need integers 0 <= successes <= n, got ${successes}/${n}`,
    );
  }
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
