/**
 * Whether any job started or closed in a stretch of buckets [from, to), for the search of empty stretches
 * (empty-stretches.ts), as two plain counts instead of one with OR: the jobs closed in the stretch first, a range of
 * the close-time index that costs next to nothing when it is empty (and a stretch with closes needs no more); then,
 * only when none closed, the jobs started in it, which must close after it (or not yet) since none closed in it.
 * On the dev server's SQLite the OR made the store test both alternatives on every row from `from` on (about 20 ms
 * per count beside a bucket of 10,000 jobs, against about 5 for the two: docs/benchmarks.md).
 */
import type { VisibilityQuery } from '../temporal/visibility-query';

/** A query to its count (the caller caps how many run at once, and counts them). */
export type CountOf = (query: VisibilityQuery) => Promise<number>;

export async function anyJobsIn(jobs: VisibilityQuery, from: Date, to: Date, countOf: CountOf): Promise<boolean> {
  if ((await countOf(jobs.atLeast('CloseTime', from).below('CloseTime', to))) > 0) return true;
  // None closed in the stretch: a job started in it closes at `to` or later (a running one's CloseTime compares as 9999).
  return (await countOf(jobs.atLeast('CloseTime', to).atLeast('StartTime', from).below('StartTime', to))) > 0;
}
