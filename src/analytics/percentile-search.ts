/**
 * Percentiles of a population that can only be counted, never listed: Temporal visibility answers "how many runs
 * have this value below x" (a count query on an Int search attribute) at a cost that does not grow with the runs'
 * number the way listing them does. The visibility store answers counts one at a time (the dev server's SQLite), so
 * the number of counts is what an answer costs, and the search is built to ask few.
 *
 * The values are whole ms. The search works on a fixed grid of edges: 0, then `stepsPerDecade` geometric steps per
 * decade from 1 ms up to `topMs` (rounded to whole ms), then Infinity. It narrows, for each wanted rank, the pair of
 * grid edges around the rank until they are neighbours; the true percentile (nearest rank) lies between them, and
 * the estimate is interpolated linearly between them, so it is off by less than one grid step: with 64 steps per
 * decade, less than 10^(1/64) - 1 = 3.7% of the value plus 1 ms (docs/operations.md, "Historical analytics").
 *
 * Each count is placed where the counts known so far say the rank lies (linear interpolation in the grid's
 * positions, i.e. in log ms), nudged toward the middle of the bracket so that a bracket cannot shrink from one side
 * only, and kept close enough to the middle that the bracket is never wider than bisection's would be one round
 * later, with `spareRounds` to spare: on smooth distributions a rank is found in a handful of counts, and never in
 * more than bisection's ceil(log2(grid size)) + spareRounds. The ranks (p50, p95) share one set of known counts, so
 * a count asked for one narrows the other's bracket too, and the first round asks one count for all of them.
 * Pure module.
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
  /** Grid steps per decade (geometric); the relative error bound is 10^(1/stepsPerDecade) - 1. */
  stepsPerDecade: number;
  /** The highest finite edge, a power of ten (ms); values above it are reported as it. */
  topMs: number;
  /** Where the first count of a search goes when nothing is known but the total, ms. */
  firstGuessMs: number;
  /** Rounds a search may take beyond bisection's, which the interpolation may spend on a wrong guess. */
  spareRounds: number;
}

/**
 * 1 ms to 10^10 ms (about 115 days) in steps of 10^(1/64): 617 edges (after whole-ms rounding merges the lowest),
 * so bisection would need 10 counts per rank; a first guess at 1 s, where most job durations and queue waits lie.
 */
export const defaultPercentileSearch: PercentileSearch = { stepsPerDecade: 64, topMs: 1e10, firstGuessMs: 1_000, spareRounds: 1 };

/** The widest relative error of the search's estimates above its whole-ms rounding: one grid step, less 1. */
export function relativeErrorBound(search: PercentileSearch = defaultPercentileSearch): number {
  return 10 ** (1 / search.stepsPerDecade) - 1;
}

/** The grid: 0, the whole-ms geometric edges from 1 to topMs, and Infinity (ascending, no duplicates). */
export function gridOf(search: PercentileSearch): number[] {
  const decades = Math.round(Math.log10(search.topMs));
  const steps = decades * search.stepsPerDecade;
  const edges = new Set<number>([0]);
  for (let k = 0; k <= steps; k++) edges.add(Math.round(10 ** (k / search.stepsPerDecade)));
  return [...edges, Infinity];
}

/** The most counts one rank's search can take after the first round: bisection's rounds over the grid, plus the spare ones. */
export function maxRounds(search: PercentileSearch = defaultPercentileSearch): number {
  return Math.ceil(Math.log2(gridOf(search).length - 1)) + search.spareRounds;
}

/**
 * The nearest-rank percentiles `fractions` (0 < f <= 1) of the population `countBelow` counts; null for each when
 * it is empty. `countBelow` calls of one round are made together: the caller bounds their concurrency. `total`,
 * when the caller already knows the population's size, saves the count of it.
 */
export async function estimatePercentiles(
  countBelow: CountBelow,
  fractions: readonly number[],
  search: PercentileSearch = defaultPercentileSearch,
  total?: number,
): Promise<Array<PercentileEstimate | null>> {
  const grid = gridOf(search);
  const last = grid.length - 1;
  /** Known counts by grid position: nothing is below 0 ms. */
  const known = new Map<number, number>([[0, 0]]);
  const size = total ?? (await countBelow(Infinity));
  if (size === 0) return fractions.map(() => null);
  known.set(last, size);
  const ranks = fractions.map((fraction) => Math.max(1, Math.ceil(fraction * size)));
  const firstGuess = positionOf(grid, search.firstGuessMs);
  const rounds = maxRounds(search);

  for (let round = 0; round < rounds; round++) {
    // After this round, no bracket may be wider than this (in grid positions): bisection's pace, with spare rounds.
    const reach = 2 ** (rounds - round - 1);
    const probes = new Set<number>();
    for (const rank of ranks) {
      const { low, high } = bracket(known, rank);
      if (high - low <= 1) continue;
      const guess = low === 0 && high === last ? firstGuess : interpolate(known, low, high, rank);
      probes.add(Math.min(high - 1, low + reach, Math.max(low + 1, high - reach, guess)));
    }
    if (probes.size === 0) break;
    const asked = [...probes];
    const counts = await Promise.all(asked.map((position) => countBelow(grid[position] ?? Infinity)));
    asked.forEach((position, index) => known.set(position, counts[index] ?? 0));
  }
  return ranks.map((rank) => {
    const { low, high } = bracket(known, rank);
    const lowMs = grid[low] ?? 0;
    const highMs = grid[high] ?? Infinity;
    if (highMs === Infinity) return { ms: lowMs, lowMs, highMs: null };
    const below = known.get(low) ?? 0;
    const within = (known.get(high) ?? 0) - below;
    const share = within === 0 ? 0 : (rank - below) / within;
    return { ms: Math.min(highMs - 1, lowMs + share * (highMs - lowMs)), lowMs, highMs };
  });
}

/** The grid position of the edge nearest to `ms` (log scale). */
function positionOf(grid: readonly number[], ms: number): number {
  let best = 1;
  for (let i = 1; i < grid.length - 1; i++)
    if (Math.abs(Math.log(grid[i] ?? 1) - Math.log(ms)) < Math.abs(Math.log(grid[best] ?? 1) - Math.log(ms))) best = i;
  return best;
}

/**
 * Where the rank lies between the known positions low and high, if the values are spread evenly over the positions
 * between (log ms), moved an eighth of the bracket toward its middle: a guess that lands just short of the rank
 * leaves the far side of the bracket to the next round, and the nudge keeps that side from being the whole bracket.
 */
function interpolate(known: ReadonlyMap<number, number>, low: number, high: number, rank: number): number {
  const below = known.get(low) ?? 0;
  const within = (known.get(high) ?? below) - below;
  const share = within <= 0 ? 0.5 : (rank - 0.5 - below) / within;
  const guess = low + share * (high - low);
  const middle = (low + high) / 2;
  const nudge = Math.max(1, (high - low) / 8);
  return Math.round(Math.abs(middle - guess) <= nudge ? middle : guess + Math.sign(middle - guess) * nudge);
}

/** The known positions around the rank: `low` has fewer than `rank` values below it, `high` (the next known one up) at least `rank`. */
function bracket(known: ReadonlyMap<number, number>, rank: number): { low: number; high: number } {
  const positions = [...known.keys()].sort((a, b) => a - b);
  const highIndex = positions.findIndex((position) => (known.get(position) ?? 0) >= rank);
  const high = positions[highIndex] ?? positions.at(-1) ?? 0;
  return { low: positions[Math.max(0, highIndex - 1)] ?? 0, high };
}
