import fc from 'fast-check';
import { searchStretches } from '../../../src/analytics/empty-stretches';

/** A window of buckets of which `busy` hold jobs; counts the stretch queries as the service counts its visibility queries. */
function windowOf(size: number, busy: ReadonlySet<number>) {
  const counted: Array<[number, number]> = [];
  const anyJobsIn = (first: number, end: number): Promise<boolean> => {
    counted.push([first, end]);
    let any = false;
    for (let index = first; index < end; index++) any ||= busy.has(index);
    return Promise.resolve(any);
  };
  return {
    anyJobsIn,
    counted,
    search: () =>
      searchStretches(
        size,
        anyJobsIn,
        (index) => Promise.resolve(`busy ${index}`),
        (index) => `empty ${index}`,
      ),
  };
}

describe('searching a window for its empty stretches', () => {
  it('visits every bucket with jobs, and marks a bucket empty only when a count said its stretch was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 0, max: 200 })
          .chain((size) => fc.tuple(fc.constant(size), fc.uniqueArray(fc.nat(Math.max(0, size - 1)), { maxLength: size }))),
        async ([size, busyList]) => {
          const busy = new Set(busyList.filter((index) => index < size));
          const { search, counted } = windowOf(size, busy);
          const values = await search();
          expect(values).toHaveLength(size);
          values.forEach((value, index) => {
            if (busy.has(index)) expect(value).toBe(`busy ${index}`);
            if (value === `empty ${index}`) expect(counted.some(([first, end]) => first <= index && index < end)).toBe(true);
          });
          // At most two counts per level of the split for each bucket with jobs, and one for an empty window.
          expect(counted.length).toBeLessThanOrEqual(1 + 2 * busy.size * Math.ceil(Math.log2(Math.max(2, size))));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('costs one count for an empty window of 200 buckets', async () => {
    const { search, counted } = windowOf(200, new Set());
    expect(new Set(await search())).toEqual(new Set(Array.from({ length: 200 }, (_, index) => `empty ${index}`)));
    expect(counted).toEqual([[0, 200]]);
  });

  it('finds the busy end of a 25-bucket window in a handful of counts, where two per bucket took 46', async () => {
    const { search, counted } = windowOf(25, new Set([23, 24]));
    const values = await search();
    expect(values.filter((value) => value.startsWith('busy'))).toEqual(['busy 23', 'busy 24']);
    expect(counted.length).toBeLessThanOrEqual(6);
  });

  it('never counts a single bucket on its own: its figures tell', async () => {
    const { search, counted } = windowOf(1, new Set());
    expect(await search()).toEqual(['busy 0']);
    expect(counted).toEqual([]);
  });
});
