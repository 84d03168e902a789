/**
 * How long a run's steps waited in their agents' queues, read from its own history: the figure the sealing activity
 * hands the workflow for the TaskmasterQueueWaitMs search attribute, which historical analytics reads.
 */
import type { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common/lib/time';
import { sealStepRecordActivity } from '../contracts/step-record';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The sum over the run's steps (activities on other queues than the run's own, the sealing activity left out) of
 * the time from scheduled to started. A step cancelled or timed out before any worker took it (an SLA escalation
 * moves a waiting step up one class that way) waited until it closed. Temporal writes one started event per step,
 * that of its last attempt: for a retried step the wait runs from its first scheduling to its last attempt's start,
 * so earlier attempts and retry back-off count as waiting.
 */
export function queueWaitFromHistory(events: readonly HistoryEvent[]): number {
  let ownQueue = '';
  const waiting = new Map<string, number>();
  let total = 0;
  const stop = (
    scheduledEventId: temporal.api.history.v1.IActivityTaskStartedEventAttributes['scheduledEventId'],
    at: HistoryEvent,
  ): void => {
    const key = String(scheduledEventId ?? '');
    const since = waiting.get(key);
    if (since === undefined) return;
    waiting.delete(key);
    total += Math.max(0, tsToMs(at.eventTime) - since);
  };
  for (const event of events) {
    const start = event.workflowExecutionStartedEventAttributes;
    if (start) {
      ownQueue = start.taskQueue?.name ?? '';
      continue;
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const isStep = scheduled.activityType?.name !== sealStepRecordActivity && scheduled.taskQueue?.name !== ownQueue;
      if (isStep) waiting.set(String(event.eventId ?? ''), tsToMs(event.eventTime));
      continue;
    }
    const startedOrClosed =
      event.activityTaskStartedEventAttributes ??
      event.activityTaskCanceledEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes;
    if (startedOrClosed) stop(startedOrClosed.scheduledEventId, event);
  }
  return Math.round(total);
}
