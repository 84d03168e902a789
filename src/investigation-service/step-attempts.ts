import type { Client } from '@temporalio/client';

/**
 * How many attempts each step took, read from the history: the workflow sees only an activity's outcome, the
 * history records each start with its attempt number. Activity ids are the step names (`<step>/fallback` for a
 * fallback, counted with its step).
 */
export async function stepAttempts(client: Client, workflowId: string, runId: string): Promise<Map<string, number>> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const activityIdOfEvent = new Map<string, string>();
  const attempts = new Map<string, number>();
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityId) activityIdOfEvent.set(String(event.eventId), scheduled.activityId);
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const activityId = activityIdOfEvent.get(String(started.scheduledEventId));
      if (!activityId || activityId.endsWith('/compensate')) continue;
      const step = activityId.replace(/\/fallback$/, '');
      attempts.set(step, (attempts.get(step) ?? 0) + (started.attempt ?? 1));
    }
  }
  return attempts;
}
