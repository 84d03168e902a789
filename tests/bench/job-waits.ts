/**
 * Where a job's time went, read back from its history: how long its workflow tasks waited for the workflow worker
 * (schedule to start), how long its activity waited for an agent (schedule to start) and ran (start to close).
 * A benchmark that sees jobs slow down prints the medians per phase, so that the waiting component is named.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { timeOf } from '../../src/events/run-state';
import { percentile } from './bench-stack';

export interface JobWaits {
  /** Medians over the jobs, ms. */
  workflowTaskWaitMs: number;
  activityWaitMs: number;
  activityRunMs: number;
  /** Workflow tasks that failed or timed out (retried by Temporal), over all the jobs. */
  workflowTaskRetries: number;
}

const EventType = temporal.api.enums.v1.EventType;

export async function jobWaits(client: Client, workflowIds: readonly string[]): Promise<JobWaits> {
  const workflowTaskWaits: number[] = [];
  const activityWaits: number[] = [];
  const activityRuns: number[] = [];
  let workflowTaskRetries = 0;
  for (const workflowId of workflowIds) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const timeById = new Map(events.map((event) => [String(event.eventId), timeOf(event)]));
    for (const event of events) {
      switch (event.eventType) {
        case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
          workflowTaskWaits.push(timeOf(event) - (timeById.get(String(event.workflowTaskStartedEventAttributes?.scheduledEventId)) ?? NaN));
          break;
        case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
          workflowTaskRetries++;
          break;
        case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
          activityWaits.push(timeOf(event) - (timeById.get(String(event.activityTaskStartedEventAttributes?.scheduledEventId)) ?? NaN));
          break;
        case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
          activityRuns.push(timeOf(event) - (timeById.get(String(event.activityTaskCompletedEventAttributes?.startedEventId)) ?? NaN));
          break;
        default:
          break;
      }
    }
  }
  const median = (values: number[]) =>
    percentile(
      [...values].filter(Number.isFinite).sort((a, b) => a - b),
      0.5,
    );
  return {
    workflowTaskWaitMs: median(workflowTaskWaits),
    activityWaitMs: median(activityWaits),
    activityRunMs: median(activityRuns),
    workflowTaskRetries,
  };
}
