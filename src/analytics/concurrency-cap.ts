/**
 * At most `limit` calls in flight; the rest wait their turn in order. Analytics runs a bucket's count queries
 * together and all buckets at once: the cap keeps one request from flooding the visibility store (the dev server's
 * is one SQLite connection, shared with the workload).
 */
export function concurrencyCap(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  // A finished call hands its slot straight to the next waiter, so a newcomer cannot slip in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
