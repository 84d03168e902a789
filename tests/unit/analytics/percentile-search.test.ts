import fc from 'fast-check';
import {
  defaultPercentileSearch,
  estimatePercentiles,
  gridOf,
  inverseNormal,
  maxRounds,
  relativeErrorBound,
} from '../../../src/analytics/percentile-search';
import { population } from './known-population';

describe('percentiles from count queries', () => {
  it('states its bound: under 3.7% with 64 grid steps per decade', () => {
    expect(relativeErrorBound()).toBeCloseTo(10 ** (1 / 64) - 1, 10);
    expect(relativeErrorBound()).toBeLessThan(0.037);
  });

  it('never needs more than bisection of the widest bracket the first round leaves, plus one spare round per rank', () => {
    const grid = gridOf(defaultPercentileSearch);
    expect(grid[0]).toBe(0);
    expect(grid.at(-1)).toBe(Infinity);
    expect(grid.at(-2)).toBe(1e10);
    // Above 10 s: 6 decades of 64 steps, and Infinity.
    expect(grid.length - 1 - grid.indexOf(10_000)).toBe(385);
    expect(maxRounds()).toBe(Math.ceil(Math.log2(385)) + 1);
    expect(defaultPercentileSearch.firstEdgesMs.length + 2 * maxRounds()).toBeLessThanOrEqual(23);
  });

  it('inverts the normal CDF', () => {
    expect(inverseNormal(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormal(0.975)).toBeCloseTo(1.959964, 5);
    expect(inverseNormal(0.01)).toBeCloseTo(-2.326348, 5);
    expect(inverseNormal(1e-6)).toBeCloseTo(-4.753424, 4);
  });

  it('lands within the bound of the true p50 and p95 of any population of whole ms, with at most 1 + 3 + 2 x 10 counts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { minLength: 1, maxLength: 300 }), async (values) => {
        const { countBelow, calls, nearestRank } = population(values);
        const estimates = await estimatePercentiles(countBelow, [0.5, 0.95]);
        for (const [index, fraction] of [0.5, 0.95].entries()) {
          const estimate = estimates[index];
          const truth = nearestRank(fraction);
          expect(estimate).not.toBeNull();
          expect(estimate!.lowMs).toBeLessThanOrEqual(truth);
          expect(estimate!.highMs === null || truth < estimate!.highMs).toBe(true);
          expect(Math.abs(estimate!.ms - truth)).toBeLessThanOrEqual(relativeErrorBound() * truth + 1);
        }
        expect(calls.length).toBeLessThanOrEqual(1 + defaultPercentileSearch.firstEdgesMs.length + 2 * maxRounds());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its bound and its count budget on adversarial populations (clusters, ties, zeros, values at the top)', async () => {
    const clustered = fc.oneof(
      fc.constantFrom(0, 1, 2, 999, 1_000, 1_001, 1e10 - 1, 1e10, 2e10),
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 1, max: 10 }).map((decade) => 10 ** decade + 1),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(clustered, { minLength: 1, maxLength: 200 }), fc.boolean(), async (values, knownTotal) => {
        const { countBelow, calls, nearestRank } = population(values);
        const estimates = await estimatePercentiles(countBelow, [0.5, 0.95], undefined, knownTotal ? values.length : undefined);
        for (const [index, fraction] of [0.5, 0.95].entries()) {
          const truth = nearestRank(fraction);
          const estimate = estimates[index]!;
          if (truth >= 1e10) {
            expect(estimate).toEqual({ ms: 1e10, lowMs: 1e10, highMs: null });
          } else {
            expect(estimate.lowMs).toBeLessThanOrEqual(truth);
            expect(truth).toBeLessThan(estimate.highMs!);
            expect(Math.abs(estimate.ms - truth)).toBeLessThanOrEqual(relativeErrorBound() * truth + 1);
          }
        }
        expect(calls.length).toBeLessThanOrEqual((knownTotal ? 0 : 1) + defaultPercentileSearch.firstEdgesMs.length + 2 * maxRounds());
      }),
      { numRuns: 500 },
    );
  });

  it('estimates skewed durations (log-normal around 2 s) within the bound, in far fewer counts than bisection', async () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const values = Array.from({ length: 10_000 }, () => {
      const normal = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      return Math.round(2_000 * Math.exp(normal));
    });
    const { countBelow, calls, nearestRank } = population(values);
    const [p50, p95] = await estimatePercentiles(countBelow, [0.5, 0.95], undefined, values.length);
    expect(calls.length).toBeLessThanOrEqual(13);
    expect(Math.abs(p50!.ms - nearestRank(0.5)) / nearestRank(0.5)).toBeLessThan(0.037);
    expect(Math.abs(p95!.ms - nearestRank(0.95)) / nearestRank(0.95)).toBeLessThan(0.037);
  });

  it('answers null for an empty population after one count, or none when the caller knows the total', async () => {
    const { countBelow, calls } = population([]);
    expect(await estimatePercentiles(countBelow, [0.5, 0.95])).toEqual([null, null]);
    expect(calls).toEqual([Infinity]);
    expect(await estimatePercentiles(countBelow, [0.5, 0.95], undefined, 0)).toEqual([null, null]);
    expect(calls).toHaveLength(1);
  });

  it('gives the highest edge as a lower bound for values above it', async () => {
    const { countBelow } = population([2e10, 3e10]);
    expect(await estimatePercentiles(countBelow, [0.5])).toEqual([{ ms: 1e10, lowMs: 1e10, highMs: null }]);
  });
});
