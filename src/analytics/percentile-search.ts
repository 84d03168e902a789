/**
 * Percentiles of a population that can only be counted, never listed: Temporal visibility answers "how many runs
 * have this value below x" (a count query on an Int search attribute) at a cost that does not grow with the runs'
 * number the way listing them does. The search asks counts at fixed edges (powers of ten, in ms) in one round, then
 * halves the interval that holds each wanted rank (geometrically) `rounds` times, and interpolates linearly in the
 * last interval. The true percentile (nearest rank) lies in that interval, so the estimate is off by less than its
 * width: with decades halved six times, less than 10^(1/64) - 1 = 3.7% of the value plus 1 ms (edges are whole ms)
 * (docs/operations.md, "Historical analytics"). Halving costs one count per round and percentile, where an 8-way
 * split twice costs 7 per round for the same bound: the visibility store answers counts one at a time (the dev
 * server's SQLite), so the number of counts is what an answer costs. Pure module.
 */

/** How many values of the population are below `edgeMs` (an integer); `Infinity` asks for the whole population. */
export type CountBelow = (edgeMs: number) => Promise<number>;

export interface PercentileEstimate {
  /** The estimate, ms. */
  ms: number;
  /** The true value lies in [lowMs, highMs); highMs is null above the highest edge, where the estimate is lowMs. */
  lowMs: number;
  highMs: number | null;
}

export interface PercentileSearch {
  /** The edges of the first round, ascending, ms. */
  firstEdgesMs: readonly number[];
  splits: number;
  rounds: number;
}

/** 1 ms to about 115 days, a count per decade, then six halvings: 12 + 6 counts per percentile at most. */
export const defaultPercentileSearch: PercentileSearch = {
  firstEdgesMs: [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10],
  splits: 2,
  rounds: 6,
};

/** The widest relative error of the search's estimates above its integer-ms floor: the ratio of a last interval's edges, less 1. */
export function relativeErrorBound(search: PercentileSearch = defaultPercentileSearch): number {
  let worst = 1;
  const edges = search.firstEdgesMs;
  for (let i = 1; i < edges.length; i++) worst = Math.max(worst, (edges[i] ?? 1) / (edges[i - 1] ?? 1));
  return worst ** (1 / search.splits ** search.rounds) - 1;
}

/**
 * The nearest-rank percentiles `fractions` (0 < f <= 1) of the population `countBelow` counts; null for each when
 * it is empty. `countBelow` calls of one round are made together: the caller bounds their concurrency.
 */
export async function estimatePercentiles(
  countBelow: CountBelow,
  fractions: readonly number[],
  search: PercentileSearch = defaultPercentileSearch,
): Promise<Array<PercentileEstimate | null>> {
  const known = new Map<number, number>([[0, 0]]);
  const ask = async (edges: readonly number[]): Promise<void> => {
    const fresh = [...new Set(edges)].filter((edge) => !known.has(edge));
    const counts = await Promise.all(fresh.map((edge) => countBelow(edge)));
    fresh.forEach((edge, index) => known.set(edge, counts[index] ?? 0));
  };
  await ask([...search.firstEdgesMs, Infinity]);
  const total = known.get(Infinity) ?? 0;
  if (total === 0) return fractions.map(() => null);
  const ranks = fractions.map((fraction) => Math.max(1, Math.ceil(fraction * total)));

  for (let round = 0; round < search.rounds; round++) {
    const edges = ranks.flatMap((rank) => {
      const { low, high } = bracket(known, rank);
      return high === Infinity || high - low <= 1 ? [] : splitEdges(low, high, search.splits);
    });
    if (edges.length === 0) break;
    await ask(edges);
  }
  return ranks.map((rank) => {
    const { low, high } = bracket(known, rank);
    if (high === Infinity) return { ms: low, lowMs: low, highMs: null };
    const below = known.get(low) ?? 0;
    const within = (known.get(high) ?? 0) - below;
    const share = within === 0 ? 0 : (rank - below) / within;
    return { ms: Math.min(high - 1, low + share * (high - low)), lowMs: low, highMs: high };
  });
}

/** The known edges around the rank: `low` has fewer than `rank` values below it, `high` (the next edge up) at least `rank`. */
function bracket(known: ReadonlyMap<number, number>, rank: number): { low: number; high: number } {
  const edges = [...known.keys()].sort((a, b) => a - b);
  const highIndex = edges.findIndex((edge) => (known.get(edge) ?? 0) >= rank);
  const high = edges[highIndex] ?? Infinity;
  return { low: edges[Math.max(0, highIndex - 1)] ?? 0, high };
}

/** Integer edges strictly inside (low, high) splitting it in `parts` geometric (linear from 0) steps. */
function splitEdges(low: number, high: number, parts: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < parts; k++) {
    const edge = low <= 0 ? Math.round((high * k) / parts) : Math.round(low * (high / low) ** (k / parts));
    if (edge > low && edge < high) edges.push(edge);
  }
  return edges;
}
