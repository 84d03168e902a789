import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export interface StepEvents {
  scheduled: Array<{ activityType: string; priorityKey: number; fairnessKey?: string; at: number }>;
  startedAt: number[];
  canceled: number;
}

const ms = (time: temporal.api.history.v1.IHistoryEvent['eventTime']): number =>
  Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);

/** The activity events of a workflow's history: what was scheduled at which priority, and when it started. */
export async function stepEvents(client: Client, workflowId: string): Promise<StepEvents> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events: StepEvents = { scheduled: [], startedAt: [], canceled: 0 };
  // The sealing of the step record runs after the steps, on the orchestration queue: not a step.
  const sealing = new Set<string>();
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'sealStepRecord') {
      sealing.add(String(event.eventId));
      continue;
    }
    if (scheduled) {
      events.scheduled.push({
        activityType: scheduled.activityType?.name ?? '',
        priorityKey: scheduled.priority?.priorityKey ?? 0,
        ...(scheduled.priority?.fairnessKey ? { fairnessKey: scheduled.priority.fairnessKey } : {}),
        at: ms(event.eventTime),
      });
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started && !sealing.has(String(started.scheduledEventId))) events.startedAt.push(ms(event.eventTime));
    if (event.activityTaskCanceledEventAttributes) events.canceled += 1;
  }
  return events;
}
