/**
 * Most buckets of a long window are empty (no job started or closed in them), and counting each one's figures
 * costs two count queries. One count over a stretch of buckets (a job started or closed anywhere in it) tells that
 * the whole stretch is empty; only a stretch with jobs is split in halves and searched again, so the empty buckets
 * of an answer cost about one count per change between empty and busy stretches (times the depth of the split),
 * not two per bucket. Pure module.
 */

/** Whether any job started or closed in the buckets [first, end) (one count query). */
export type AnyJobsIn = (first: number, end: number) => Promise<boolean>;

/**
 * The values of buckets 0..buckets-1: `busy(i)` for each bucket that may hold jobs, `empty(i)` for the others.
 * A single bucket is never counted on its own: its figures' first two counts tell as much. `busy` runs as soon as
 * its bucket is found, while the search goes on; the left half of a stretch is counted first, and when it is empty
 * the right half is known to hold the jobs without a count of its own.
 */
export async function searchStretches<T>(
  buckets: number,
  anyJobsIn: AnyJobsIn,
  busy: (index: number) => Promise<T>,
  empty: (index: number) => T,
): Promise<T[]> {
  const values = new Array<T>(buckets);
  const pending: Array<Promise<void>> = [];
  const search = async (first: number, end: number, knownBusy: boolean): Promise<void> => {
    if (end - first === 1) {
      pending.push(busy(first).then((value) => void (values[first] = value)));
      return;
    }
    if (!knownBusy && !(await anyJobsIn(first, end))) {
      for (let index = first; index < end; index++) values[index] = empty(index);
      return;
    }
    const middle = Math.floor((first + end) / 2);
    const leftBusy = middle - first === 1 || (await anyJobsIn(first, middle));
    if (leftBusy) await search(first, middle, true);
    else for (let index = first; index < middle; index++) values[index] = empty(index);
    // The stretch holds jobs (counted, or known): with the left half empty, they are in the right half.
    await search(middle, end, !leftBusy);
  };
  if (buckets > 0) await search(0, buckets, false);
  await Promise.all(pending);
  return values;
}
