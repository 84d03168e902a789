/**
 * Where a percentile search (percentile-search.ts) counts first, from a sample of the population it searches: for
 * each rank, the grid edges just outside the sample's values at the rank's share, widened by `spread` standard
 * deviations of that share in a random sample of its size. When the sample is what it claims (random), the first
 * round's two counts per rank bracket the rank narrowly, and the search ends in a count or two more; when it is
 * not (a page of the newest closes is not random: the last jobs of a burst ran on a quieter machine), the counts
 * say so and the search goes on from them. The counts decide the result either way: a sample only places them, so
 * its bias costs counts, never accuracy. A sample that is the whole population (a page that was not full) is used
 * as it is: the edges around each rank's value, two counts that end that rank's search when nothing changed since
 * the list. Pure module.
 */
import { defaultPercentileSearch, gridOf, type PercentileSearch, type SearchSeed } from './percentile-search';

export interface SeedOptions {
  /** Standard deviations of the rank's share in the sample that the bracket spans on each side. */
  spread: number;
  /** The fewest values a partial sample must have to place the counts (fewer: the default first round). */
  minSample: number;
}

export const defaultSeedOptions: SeedOptions = { spread: 0.5, minSample: 20 };

/**
 * The seed of a search for the nearest-rank percentiles `fractions` of a population of `size` values, `sample`
 * being some of them (`complete`: all of them): its first-round edges (ms, edges of the search's grid), and the
 * sample's values to place the later counts; undefined when the sample is too small to say anything, for the
 * search's default first round.
 */
export function searchSeed(
  sample: readonly number[],
  complete: boolean,
  fractions: readonly number[],
  size: number,
  search: PercentileSearch = defaultPercentileSearch,
  options: SeedOptions = defaultSeedOptions,
): SearchSeed | undefined {
  const n = sample.length;
  if (size === 0 || n === 0 || (!complete && n < options.minSample)) return undefined;
  const sorted = [...sample].sort((a, b) => a - b);
  const grid = gridOf(search);
  const at = (index: number): number | undefined => (index < 0 || index >= n ? undefined : sorted[index]);
  const edges = new Set<number>();
  for (const fraction of fractions) {
    let lowValue: number | undefined;
    let highValue: number | undefined;
    if (complete) {
      // The rank's own value (the population's size by the counts, which may have moved on since the list).
      lowValue = highValue = at(Math.min(n, Math.max(1, Math.ceil(fraction * size))) - 1);
    } else {
      const margin = options.spread * Math.sqrt(n * fraction * (1 - fraction)) + 1;
      lowValue = at(Math.floor(fraction * n - margin));
      highValue = at(Math.ceil(fraction * n + margin) - 1);
    }
    // Below the lowest value, or above the highest, the grid's ends are known without a count.
    if (lowValue !== undefined) edges.add(edgeAtOrBelow(grid, lowValue));
    if (highValue !== undefined) edges.add(edgeAbove(grid, highValue));
  }
  const firstEdgesMs = [...edges].filter((edge) => edge > 0 && edge !== Infinity).sort((a, b) => a - b);
  return { firstEdgesMs, within: (lowMs, highMs, share) => valueWithin(sorted, lowMs, highMs, share) };
}

/** The sorted sample's value in [lowMs, highMs) with `share` of those values below it; undefined when there are none. */
function valueWithin(sorted: readonly number[], lowMs: number, highMs: number, share: number): number | undefined {
  const first = firstAtLeast(sorted, lowMs);
  const end = firstAtLeast(sorted, highMs);
  if (end <= first) return undefined;
  const index = first + Math.min(end - first - 1, Math.max(0, Math.floor(share * (end - first))));
  return sorted[index];
}

/** The index of the first value at least `ms` (sorted ascending). */
function firstAtLeast(sorted: readonly number[], ms: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] ?? Infinity) < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The highest edge of the grid at or below `ms` (grid ascending, from 0). */
function edgeAtOrBelow(grid: readonly number[], ms: number): number {
  let low = 0;
  let high = grid.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((grid[middle] ?? Infinity) <= ms) low = middle;
    else high = middle - 1;
  }
  return grid[low] ?? 0;
}

/** The lowest edge of the grid above `ms` (Infinity above the highest finite edge). */
function edgeAbove(grid: readonly number[], ms: number): number {
  let low = 0;
  let high = grid.length - 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((grid[middle] ?? Infinity) > ms) high = middle;
    else low = middle + 1;
  }
  return grid[low] ?? Infinity;
}
