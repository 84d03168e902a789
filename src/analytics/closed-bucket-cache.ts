/**
 * Figures of buckets that are over: a bucket that ended (plus the time visibility takes to show a close) can no
 * longer change, since every figure is of jobs that started or closed inside it. They are kept by key, the least
 * recently used dropped past `maxEntries`, so a repeated request counts only its open bucket again. Per process:
 * each facade keeps its own.
 */
export class ClosedBucketCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
