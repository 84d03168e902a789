/** A known population of durations for the percentile search's tests, counted as the service counts its queries. */

/** countBelow over the values, the edges it was asked for (one per count query), and the true nearest-rank percentile. */
export function population(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const calls: number[] = [];
  const countBelow = (edge: number): Promise<number> => {
    calls.push(edge);
    return Promise.resolve(sorted.filter((value) => value < edge).length);
  };
  const nearestRank = (fraction: number): number => sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1] ?? NaN;
  return { countBelow, calls, nearestRank };
}
