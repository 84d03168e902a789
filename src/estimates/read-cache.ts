/**
 * The estimator's cache of figures read from Temporal (recent runs, queue backlogs): one read per key at a time,
 * fresh for a ttl. An ask that allows stale figures is answered at once with the last value loaded (up to
 * staleUseMs old) while the next read is under way, instead of waiting for it.
 */

/** How old a loaded value a stale ask may still be answered with. */
export const staleUseMs = 30_000;

export interface Cached<T> {
  /** When this read began (its value is fresh for the cache's ttl from then). */
  at: number;
  value: Promise<T>;
  settled: boolean;
  /** The last value loaded and when its read began: what a stale ask answers with while a read is under way. */
  last?: { value: T; at: number };
}

export function cached<T>(cache: Map<string, Cached<T>>, key: string, ttlMs: number, load: () => Promise<T>, stale = false): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  const usable = (entry: Cached<T> | undefined): entry is Cached<T> & { last: { value: T; at: number } } =>
    stale && entry?.last !== undefined && now - entry.last.at < staleUseMs;
  if (hit && now - hit.at < ttlMs) return !hit.settled && usable(hit) ? Promise.resolve(hit.last.value) : hit.value;
  // Read again: one read for every ask until it is done.
  const value = load();
  const entry: Cached<T> = { at: now, value, settled: false, ...(hit?.last ? { last: hit.last } : {}) };
  cache.set(key, entry);
  void value.then(
    (loaded) => {
      entry.settled = true;
      entry.last = { value: loaded, at: now };
    },
    () => {
      // A failed read is not kept: the next ask reads again (a stale ask meanwhile answers with the last value).
      if (cache.get(key) !== entry) return;
      if (entry.last)
        cache.set(key, { at: Number.NEGATIVE_INFINITY, value: Promise.resolve(entry.last.value), settled: true, last: entry.last });
      else cache.delete(key);
    },
  );
  return usable(hit) ? Promise.resolve(hit.last.value) : value;
}
