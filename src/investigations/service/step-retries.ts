import type { temporal } from '@temporalio/proto';
import { parseStepActivityId } from '../../contracts/step-activity-ids';
import { pendingActivityStateName } from '../../temporal/pending-activity-state';
import type { StepRetry } from './investigation-view';

const isoOf = (time: temporal.api.workflow.v1.IPendingActivityInfo['nextAttemptScheduleTime']): string | undefined =>
  time?.seconds === undefined || time.seconds === null
    ? undefined
    : new Date(Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6)).toISOString();

/**
 * How each running step's activity stands, from the workflow description's pending activities (matched to steps by
 * activity id): its attempt, its last failure and when the next attempt is due. The history shows none of this
 * until the activity closes, so a step waiting between attempts would otherwise look as if it had not tried yet.
 * A fallback counts as its step; a compensation does not.
 */
export function stepRetries(pending: readonly temporal.api.workflow.v1.IPendingActivityInfo[]): Map<string, StepRetry> {
  const retries = new Map<string, StepRetry>();
  for (const activity of pending) {
    const step = parseStepActivityId(activity.activityId ?? '');
    if (!step || step.role === 'compensate') continue;
    const nextAttemptAt = isoOf(activity.nextAttemptScheduleTime);
    retries.set(step.step, {
      attempt: activity.attempt ?? 1,
      activityState: pendingActivityStateName(activity.state),
      ...(activity.lastFailure?.message ? { lastFailure: activity.lastFailure.message } : {}),
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    });
  }
  return retries;
}
