import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Worker } from '@temporalio/worker';
import { reportLoad } from '../src/supervision/child-messages';

/**
 * Reports this process's load to its supervisor every `intervalMs` (src/supervision/child-messages.ts): steps
 * running (the SDK workers' in-flight activities), slots, and the event loop's busy share over the interval. Stops
 * with the returned function. The timer does not hold the process open.
 */
export function startLoadReports(workers: readonly Worker[], slots: number, intervalMs: number): () => void {
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  const report = (): void => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, previous);
    previous = now;
    const stepsRunning = workers.reduce((sum, worker) => sum + worker.getStatus().numInFlightNonLocalActivities, 0);
    reportLoad({ stepsRunning, slots, eventLoopUtilisation: Math.round(utilization * 1000) / 1000 });
  };
  const timer = setInterval(report, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
