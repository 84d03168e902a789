import { cached, type Cached } from '../../../src/estimates/read-cache';

/** A read the test settles when it wants. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the estimator read cache', () => {
  it('reads once per key while the value is fresh', async () => {
    const cache = new Map<string, Cached<number>>();
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await cached(cache, 'k', 60_000, load)).toBe(1);
    expect(await cached(cache, 'k', 60_000, load)).toBe(1);
    expect(reads).toBe(1);
  });

  it('answers a stale ask with the last value while the next read is under way, and a fresh ask with that read', async () => {
    const cache = new Map<string, Cached<string>>();
    expect(await cached(cache, 'k', 0, () => Promise.resolve('first'), true)).toBe('first');
    const second = deferred<string>();
    let reads = 0;
    const load = () => {
      reads++;
      return second.promise;
    };
    await expect(cached(cache, 'k', 0, load, true)).resolves.toBe('first');
    const fresh = cached(cache, 'k', 60_000, load);
    // Within the new read's ttl, a stale ask still does not wait for it, and nothing is read twice.
    await expect(cached(cache, 'k', 60_000, load, true)).resolves.toBe('first');
    expect(reads).toBe(1);
    second.resolve('second');
    await expect(fresh).resolves.toBe('second');
    await expect(cached(cache, 'k', 60_000, load, true)).resolves.toBe('second');
  });

  it('waits for the first read even when stale figures would do', async () => {
    const cache = new Map<string, Cached<string>>();
    const first = deferred<string>();
    const asked = cached(cache, 'k', 0, () => first.promise, true);
    first.resolve('first');
    await expect(asked).resolves.toBe('first');
  });

  it('does not keep a failed read: the next ask reads again, a stale ask meanwhile answers with the last value', async () => {
    const cache = new Map<string, Cached<string>>();
    await cached(cache, 'k', 0, () => Promise.resolve('first'));
    const failing = deferred<string>();
    await expect(cached(cache, 'k', 0, () => failing.promise, true)).resolves.toBe('first');
    failing.reject(new Error('visibility unavailable'));
    await settle();
    await expect(cached(cache, 'k', 60_000, () => Promise.resolve('third'))).resolves.toBe('third');
  });

  it('fails a fresh ask whose read fails, and reads again at the next', async () => {
    const cache = new Map<string, Cached<string>>();
    await expect(cached(cache, 'k', 60_000, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await settle();
    await expect(cached(cache, 'k', 60_000, () => Promise.resolve('up'))).resolves.toBe('up');
  });
});
