import type { Client } from '@temporalio/client';

export interface StepRun {
  /** The attempt that closed the step: 1 when it ran once. */
  attempt: number;
  /** The worker that ran it (`<host>/<pid>/<queue>`). */
  identity: string;
  /** When that attempt started (ms since the epoch). */
  startedAt: number;
}

/**
 * The runs of a workflow's steps on one task queue, from its history: each ActivityTaskStarted whose activity was
 * scheduled on that queue. Temporal writes the started event once, with the attempt that closed it, so a step that
 * ran exactly once shows one run with attempt 1.
 */
export async function stepRunsOf(client: Client, workflowId: string, taskQueue: string): Promise<StepRun[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const onQueue = new Set<string>();
  const runs: StepRun[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.taskQueue?.name === taskQueue) onQueue.add(String(event.eventId));
    const started = event.activityTaskStartedEventAttributes;
    if (started && onQueue.has(String(started.scheduledEventId))) {
      const time = event.eventTime;
      const startedAt = Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
      runs.push({ attempt: started.attempt ?? 0, identity: started.identity ?? '', startedAt });
    }
  }
  return runs;
}
