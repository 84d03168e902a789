/**
 * What the host did in the seconds around a common SLA deadline: each process's share of a core over the window,
 * and the Temporal history service's own latencies for the user timers it fired in it. When the timers fire late,
 * this says whether the server read them late, queued them for a worker of its task scheduler, or took long to
 * process each (its workflow state, the TimerFired write), and who had the CPU meanwhile.
 */
import os from 'node:os';
import { cpuMeter } from './process-cpu';
import { describeTaskLatencies, parseTaskLatencies, scrapeMetrics, type TaskLatencies } from './server-task-latency';

/** The history service's task type of a workflow's user timer (Temporal's metric tag `operation`). */
const userTimerOperation = 'TimerActiveTaskUserTimer';

/** The history service's persistence latency: its UpdateWorkflowExecution calls are every timer's write. */
const writeMetrics = ['persistence_latency'];

export interface DeadlineWindowOptions {
  dueAt: number;
  /** Milliseconds before the deadline the window opens, and after it closes. */
  beforeMs: number;
  afterMs: number;
  /** The history service's Prometheus endpoint (the dev server's, or the cluster's history process). */
  metricsUrl: string | undefined;
  /** The processes to account for, by name; read once, when the window opens. */
  processes: () => Record<string, readonly (number | undefined)[]>;
}

/** Starts watching; the promise settles, with the report's lines, once the window has closed. */
export async function watchDeadlineWindow(options: DeadlineWindowOptions): Promise<string[]> {
  const { dueAt, beforeMs, afterMs, metricsUrl } = options;
  await waitUntil(dueAt - beforeMs);
  const scrape = async (): Promise<{ timers: TaskLatencies; writes: TaskLatencies } | undefined> => {
    const text = metricsUrl ? await scrapeMetrics(metricsUrl) : undefined;
    if (text === undefined) return undefined;
    return {
      timers: parseTaskLatencies(text, userTimerOperation),
      writes: parseTaskLatencies(text, 'UpdateWorkflowExecution', writeMetrics),
    };
  };
  const before = await scrape();
  const meters = Object.entries(options.processes()).map(([name, pids]) => ({ name, share: cpuMeter(() => pids) }));
  await waitUntil(dueAt + afterMs);
  const shares = meters.map(({ name, share }) => `${name} ${(share() * 100).toFixed(0)} %`);
  const after = await scrape();
  const window = `${(beforeMs / 1000).toFixed(0)} s before the deadline to ${(afterMs / 1000).toFixed(0)} s after`;
  return [
    `CPU from ${window} (100 % = one core; the host has ${os.cpus().length}): ${shares.join(', ')}`,
    before && after
      ? `the history service's user timers in that window (${userTimerOperation}): ` +
        `${describeTaskLatencies(before.timers, after.timers).join('; ')}; its workflow updates (every write of a workflow's ` +
        `state): ${describeTaskLatencies(before.writes, after.writes, writeMetrics, 'writes').join('; ')}`
      : `the history service's timer latencies: not read (no metrics endpoint)`,
  ];
}

async function waitUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
