import type { Client } from '@temporalio/client';
import { parseStepActivityId } from '../../contracts/step-activity-ids';

/**
 * How many attempts each step took, read from the history: the workflow sees only an activity's outcome, the
 * history records each start with its attempt number. A fallback's attempts count with its step; a compensation's
 * do not.
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
      const activity = parseStepActivityId(activityIdOfEvent.get(String(started.scheduledEventId)) ?? '');
      if (!activity || activity.role === 'compensate') continue;
      attempts.set(activity.step, (attempts.get(activity.step) ?? 0) + (started.attempt ?? 1));
    }
  }
  return attempts;
}
