/**
 * Percentiles of latency samples, merged from every client process. Tracks nothing.
 * Nearest-rank percentiles: the reported p99 is a latency some signal really had, not an interpolation
 * between two, so "p99 < 50 ms" means at least 99% of the samples were under 50 ms.
 */

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The `p`-th percentile (0 < p ≤ 100) of samples sorted ascending; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1]!;
}

/** p50, p99 and max of samples in any order; the input is not changed. */
export function summarize(samples: Iterable<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.at(-1) ?? NaN,
  };
}
