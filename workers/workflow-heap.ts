import v8 from 'node:v8';

/**
 * How far V8 lets a heap grow past what the last full GC kept, for the workflow worker's threads (and, as V8 flags
 * are per process, the rest of the process). Why: with thousands of open jobs and a bounded cache, the workflow
 * thread creates a workflow and evicts another at most of its tasks; each evicted workflow leaves its evaluated
 * modules and state (about 280 KiB for a job) behind as garbage, and V8's own growing factor (up to 4x) lets that
 * pile up before a full GC. Measured with tests/bench/workflow-heap.ts (3,000 jobs through a cache of 300): 693 MB
 * of heap committed for 163 MB live by default, 285 MB with 50 %, for a few percent more GC time.
 * The flag is read at every full GC, so setting it before the worker threads start covers them.
 */
export function limitHeapGrowth(percent: number | null): void {
  if (percent === null) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
