/**
 * The buckets of an analytics window. Bucket edges are multiples of the bucket size since the Unix epoch (UTC), so
 * that two requests share their buckets (and the cache's entries): the first bucket starts at or before
 * now - window, the last one holds now and is still open.
 */
export interface TimeBucket {
  from: Date;
  to: Date;
}

export function bucketsOf(windowMs: number, bucketMs: number, now: Date): TimeBucket[] {
  const nowMs = now.getTime();
  const first = Math.floor((nowMs - windowMs) / bucketMs) * bucketMs;
  const buckets: TimeBucket[] = [];
  for (let from = first; from <= nowMs; from += bucketMs) buckets.push({ from: new Date(from), to: new Date(from + bucketMs) });
  return buckets;
}
