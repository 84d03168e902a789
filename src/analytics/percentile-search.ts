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
 * The first round counts below a few edges where durations and waits usually lie (0.1 s, 1 s, 10 s), once for all
 * the ranks. Each later count is placed where the counts known so far say the rank lies: durations and waits are
 * roughly log-normal, so the known shares below the bracket's edges are mapped through the inverse normal CDF and
 * interpolated linearly in the grid's positions (log ms), which lands near the rank in a count or two where linear
 * interpolation creeps. The guess is nudged toward the middle of the bracket, so that a bracket cannot shrink from
 * one side only, and kept close enough to the middle that the bracket is never wider than bisection's would be one
 * round later, with `spareRounds` to spare: a rank never takes more counts than bisection of the widest bracket the
 * first round left, plus spareRounds. The ranks (p50, p95) share one set of known counts, so a count asked for one
 * narrows the other's bracket too. Pure module.
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

/**
 * What a sample of the population tells the search (sample-seeds.ts makes one): where to count first, and where
 * between two known edges a rank's value lies. It only places the counts; the result is the same neighbouring grid
 * edges around each rank, within the same bound, whatever it says.
 */
export interface SearchSeed {
  /** The first round's edges, edges of the grid (or Infinity), instead of the search's firstEdgesMs. */
  firstEdgesMs: readonly number[];
  /**
   * The value (ms) between `lowMs` and `highMs` that has `share` (0 to 1) of the values between them below it, by
   * the sample; undefined when it has no values there (the search interpolates as without a sample).
   */
  within(lowMs: number, highMs: number, share: number): number | undefined;
}

export interface PercentileSearch {
  /** Grid steps per decade (geometric); the relative error bound is 10^(1/stepsPerDecade) - 1. */
  stepsPerDecade: number;
  /** The highest finite edge, a power of ten (ms); values above it are reported as it. */
  topMs: number;
  /** The edges of the first round, asked for all the ranks together, ms. */
  firstEdgesMs: readonly number[];
  /** Rounds a search may take beyond bisection's, which the interpolation may spend on a wrong guess. */
  spareRounds: number;
}

/**
 * 1 ms to 10^10 ms (about 115 days) in steps of 10^(1/64): 577 edges (after whole-ms rounding merges the lowest);
 * a first round at 0.1 s, 1 s and 10 s, where most job durations and queue waits lie, leaves at worst the 6 decades
 * above 10 s (385 positions), which bisection narrows in 9 counts, so at most 3 + 2 x (9 + 1) = 23 counts for p50
 * and p95 together.
 */
export const defaultPercentileSearch: PercentileSearch = {
  stepsPerDecade: 64,
  topMs: 1e10,
  firstEdgesMs: [100, 1_000, 10_000],
  spareRounds: 1,
};

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

/** The positions of the first round's edges on the grid. */
function firstPositions(grid: readonly number[], search: PercentileSearch): number[] {
  return [...new Set(search.firstEdgesMs.map((ms) => positionOf(grid, ms)))].sort((a, b) => a - b);
}

/**
 * The most rounds a rank's search takes after the first: bisection's over the widest bracket the first round can
 * leave, plus the spare ones. With one count per rank and round, a search costs at most the first round's edges
 * plus `ranks x maxRounds` counts.
 */
export function maxRounds(search: PercentileSearch = defaultPercentileSearch): number {
  const grid = gridOf(search);
  const cuts = [0, ...firstPositions(grid, search), grid.length - 1];
  let widest = 1;
  for (let i = 1; i < cuts.length; i++) widest = Math.max(widest, (cuts[i] ?? 0) - (cuts[i - 1] ?? 0));
  return Math.ceil(Math.log2(widest)) + search.spareRounds;
}

/**
 * The nearest-rank percentiles `fractions` (0 < f <= 1) of the population `countBelow` counts; null for each when
 * it is empty. `countBelow` calls of one round are made together: the caller bounds their concurrency. `total`,
 * when the caller already knows the population's size, saves the count of it.
 *
 * `seed`, when given, replaces the first round by its edges, and each later guess by the grid edge next to the
 * sample's value at the rank (with no nudge: a sample's guess is closer than the log-normal one, and the two
 * edges around the value end the rank's search in two counts). The later rounds are bisection's over the widest
 * bracket the first round left, plus the spare ones, so that a seed that missed its rank costs at most bisection
 * of the bracket it left (with the whole grid, 10 rounds + 1), and the result is within the bound either way.
 */
export async function estimatePercentiles(
  countBelow: CountBelow,
  fractions: readonly number[],
  search: PercentileSearch = defaultPercentileSearch,
  total?: number,
  seed?: SearchSeed,
): Promise<Array<PercentileEstimate | null>> {
  const grid = gridOf(search);
  const last = grid.length - 1;
  /** Known counts by grid position: nothing is below 0 ms. */
  const known = new Map<number, number>([[0, 0]]);
  const size = total ?? (await countBelow(Infinity));
  if (size === 0) return fractions.map(() => null);
  known.set(last, size);
  const ranks = fractions.map((fraction) => Math.max(1, Math.ceil(fraction * size)));
  const ask = async (positions: readonly number[]): Promise<void> => {
    const counts = await Promise.all(positions.map((position) => countBelow(grid[position] ?? Infinity)));
    positions.forEach((position, index) => known.set(position, counts[index] ?? 0));
  };
  const first = seed ? edgePositions(grid, seed.firstEdgesMs) : firstPositions(grid, search);
  await ask(first.filter((position) => !known.has(position)));

  // With the default first round this is maxRounds(search) at most: its widest bracket is no wider than the grid's.
  const widthOf = (rank: number): number => {
    const { low, high } = bracket(known, rank);
    return high - low;
  };
  const widest = Math.max(1, ...ranks.map(widthOf));
  const rounds = Math.ceil(Math.log2(widest)) + search.spareRounds;
  for (let round = 0; round < rounds; round++) {
    // After this round, no bracket may be wider than this (in grid positions): bisection's pace, with spare rounds.
    const reach = 2 ** (rounds - round - 1);
    const probes = new Set<number>();
    for (const rank of ranks) {
      const { low, high } = bracket(known, rank);
      if (high - low <= 1) continue;
      const guess = (seed && sampled(seed, grid, known, low, high, rank)) ?? interpolate(known, low, high, rank, size);
      probes.add(Math.min(high - 1, low + reach, Math.max(low + 1, high - reach, guess)));
    }
    if (probes.size === 0) break;
    await ask([...probes]);
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

/** The grid positions of edges given in ms, each an edge of the grid (or Infinity), ascending and distinct. */
function edgePositions(grid: readonly number[], edgesMs: readonly number[]): number[] {
  const positions = edgesMs.map((ms) => grid.indexOf(ms));
  const stray = edgesMs.find((_, index) => (positions[index] ?? -1) < 0);
  if (stray !== undefined) throw new Error(`first-round edge ${stray} ms is not an edge of the grid`);
  return [...new Set(positions)].sort((a, b) => a - b);
}

/**
 * The seed's guess for the rank between the known positions low and high: the grid edge just below or just above
 * the sample's value there, whichever splits the bracket more evenly (the other one is the next round's, when the
 * value was right). Undefined when the sample has nothing to say.
 */
function sampled(
  seed: SearchSeed,
  grid: readonly number[],
  known: ReadonlyMap<number, number>,
  low: number,
  high: number,
  rank: number,
): number | undefined {
  const below = known.get(low) ?? 0;
  const within = (known.get(high) ?? 0) - below;
  const ms = within > 0 ? seed.within(grid[low] ?? 0, grid[high] ?? Infinity, (rank - below - 0.5) / within) : undefined;
  if (ms === undefined) return undefined;
  let under = low;
  while (under + 1 < high && (grid[under + 1] ?? Infinity) <= ms) under += 1;
  const candidates = [under, under + 1].filter((position) => position > low && position < high);
  if (candidates.length === 0) return undefined;
  const middle = (low + high) / 2;
  return candidates.reduce((best, position) => (Math.abs(position - middle) < Math.abs(best - middle) ? position : best));
}

/** The grid position of the edge nearest to `ms` (log scale). */
function positionOf(grid: readonly number[], ms: number): number {
  let best = 1;
  for (let i = 1; i < grid.length - 1; i++)
    if (Math.abs(Math.log(grid[i] ?? 1) - Math.log(ms)) < Math.abs(Math.log(grid[best] ?? 1) - Math.log(ms))) best = i;
  return best;
}

/**
 * Where the rank lies between the known positions low and high if the values are log-normal: the shares below low,
 * below high and below the rank, through the inverse normal CDF, interpolated linearly in positions (log ms); a
 * share of 0 or 1 is taken as half a value in or out. Then moved an eighth of the bracket toward its middle: a
 * guess that lands just short of the rank leaves the far side of the bracket to the next round, and the nudge keeps
 * that side from being the whole bracket.
 */
function interpolate(known: ReadonlyMap<number, number>, low: number, high: number, rank: number, size: number): number {
  const z = (count: number): number => inverseNormal(Math.min(1 - 0.5 / size, Math.max(0.5 / size, count / size)));
  const zLow = z(known.get(low) ?? 0);
  const zHigh = z(known.get(high) ?? size);
  const share = zHigh - zLow <= 1e-9 ? 0.5 : (z(rank - 0.5) - zLow) / (zHigh - zLow);
  const guess = low + Math.min(1, Math.max(0, share)) * (high - low);
  const middle = (low + high) / 2;
  const nudge = Math.max(1, (high - low) / 8);
  return Math.round(Math.abs(middle - guess) <= nudge ? middle : guess + Math.sign(middle - guess) * nudge);
}

/** The inverse of the standard normal CDF (Acklam's rational approximation, relative error under 1.2e-9), 0 < p < 1. */
export function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const tail = (q: number): number =>
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** The known positions around the rank: `low` has fewer than `rank` values below it, `high` (the next known one up) at least `rank`. */
function bracket(known: ReadonlyMap<number, number>, rank: number): { low: number; high: number } {
  const positions = [...known.keys()].sort((a, b) => a - b);
  const highIndex = positions.findIndex((position) => (known.get(position) ?? 0) >= rank);
  const high = positions[highIndex] ?? positions.at(-1) ?? 0;
  return { low: positions[Math.max(0, highIndex - 1)] ?? 0, high };
}
