import fc from 'fast-check';
import { estimatePercentiles, gridOf, relativeErrorBound } from '../../../src/analytics/percentile-search';
import { searchSeed } from '../../../src/analytics/sample-seeds';
import { population } from './known-population';

/** A seeded log-normal population of whole ms around `medianMs`. */
function logNormal(size: number, medianMs: number, sigma: number, seed: number): number[] {
  let state = seed;
  const random = (): number => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  return Array.from({ length: size }, () => {
    const normal = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    return Math.round(medianMs * Math.exp(sigma * normal));
  });
}

const fractions = [0.5, 0.95];

describe('percentile search seeded by a sample', () => {
  it('picks edges of the grid around each rank, outside the sample values at its share', () => {
    const sample = Array.from({ length: 1_000 }, (_, index) => 100 + index);
    const edges = searchSeed(sample, false, fractions, 10_000)?.firstEdgesMs ?? [];
    const grid = gridOf({ stepsPerDecade: 64, topMs: 1e10, firstEdgesMs: [], spareRounds: 1 });
    expect(edges).toHaveLength(4);
    for (const edge of edges) expect(grid).toContain(edge);
    // p50 of the sample is 600 ms, p95 1,050 ms: each bracket holds it.
    expect(edges[0]).toBeLessThanOrEqual(600);
    expect(edges[1]).toBeGreaterThan(600);
    expect(edges[2]).toBeLessThanOrEqual(1_050);
    expect(edges[3]).toBeGreaterThan(1_050);
  });

  it('gives no edges for a sample too small to place them, or an empty one', () => {
    expect(searchSeed([1, 2, 3], false, fractions, 100)).toBeUndefined();
    expect(searchSeed([], true, fractions, 0)).toBeUndefined();
  });

  it('brackets each rank between neighbouring edges when the sample is the whole population', () => {
    const values = [120, 130, 150, 900, 1_000, 4_000];
    const edges = searchSeed(values, true, fractions, values.length)?.firstEdgesMs;
    // p50 is 150 ms (rank 3), p95 4,000 ms (rank 6): the grid edges just below and above each.
    expect(edges).toEqual([149, 154, 3_924, 4_068]);
  });

  it('ends in four counts when the sample is the whole population and nothing changed since', async () => {
    const values = [120, 130, 150, 900, 1_000, 4_000, 4_000, 7, 0, 65_000];
    const { countBelow, calls, nearestRank } = population(values);
    const estimates = await estimatePercentiles(
      countBelow,
      fractions,
      undefined,
      values.length,
      searchSeed(values, true, fractions, values.length),
    );
    expect(calls).toHaveLength(4);
    for (const [index, fraction] of fractions.entries()) {
      expect(estimates[index]!.lowMs).toBeLessThanOrEqual(nearestRank(fraction));
      expect(nearestRank(fraction)).toBeLessThan(estimates[index]!.highMs!);
    }
  });

  it('lands within the bound of the true p50 and p95 whatever the sample (any values, any bias)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { maxLength: 60 }),
        fc.boolean(),
        async (values, sample, complete) => {
          const { countBelow, nearestRank } = population(values);
          const seed = searchSeed(sample, complete, fractions, values.length);
          const estimates = await estimatePercentiles(countBelow, fractions, undefined, values.length, seed);
          for (const [index, fraction] of fractions.entries()) {
            const truth = nearestRank(fraction);
            const estimate = estimates[index]!;
            expect(estimate.lowMs).toBeLessThanOrEqual(truth);
            expect(estimate.highMs === null || truth < estimate.highMs).toBe(true);
            expect(Math.abs(estimate.ms - truth)).toBeLessThanOrEqual(relativeErrorBound() * truth + 1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  /** p50 and p95 of the values, the search seeded by the sample: each within the bound; answers the counts it took. */
  async function seededWithinBound(values: readonly number[], sample: readonly number[]): Promise<number> {
    const { countBelow, calls, nearestRank } = population(values);
    const [p50, p95] = await estimatePercentiles(
      countBelow,
      fractions,
      undefined,
      values.length,
      searchSeed(sample, false, fractions, values.length),
    );
    expect(Math.abs(p50!.ms - nearestRank(0.5))).toBeLessThanOrEqual(relativeErrorBound() * nearestRank(0.5) + 1);
    expect(Math.abs(p95!.ms - nearestRank(0.95))).toBeLessThanOrEqual(relativeErrorBound() * nearestRank(0.95) + 1);
    return calls.length;
  }

  it('takes few counts with a random sample of 1,000 from 10,000 log-normal durations', async () => {
    const values = logNormal(10_000, 600, 0.5, 11);
    expect(
      await seededWithinBound(
        values,
        values.filter((_, index) => index % 10 === 3),
      ),
    ).toBeLessThanOrEqual(8);
  });

  it('still ends within the bound, in bounded counts, when the sample is the fastest tenth (a biased page)', async () => {
    const values = logNormal(10_000, 600, 0.5, 13);
    const counts = await seededWithinBound(values, [...values].sort((a, b) => a - b).slice(0, 1_000));
    // Four seeded counts, then at most bisection of the whole grid plus one spare round per rank.
    expect(counts).toBeLessThanOrEqual(4 + 2 * (Math.ceil(Math.log2(577)) + 1));
  });
});
