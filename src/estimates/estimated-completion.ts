import type { WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { JobTypeAttribute, PriorityAttribute } from '../contracts/search-attributes';
import type { CompletionEstimator } from './completion-estimator';

/**
 * The `estimatedCompletion` of a GET view: the close time of a closed run, the estimator's answer for a running one
 * (null when it cannot tell). Never fails the view: an estimate that cannot be read is null.
 */
export async function estimatedCompletionOf(
  estimator: CompletionEstimator,
  description: WorkflowExecutionDescription,
): Promise<string | null> {
  if (description.closeTime) return description.closeTime.toISOString();
  const attributes = description.typedSearchAttributes;
  const jobType = attributes.get(JobTypeAttribute);
  const priority = attributes.get(PriorityAttribute);
  if (jobType === undefined || priority === undefined) return null;
  const pending = description.raw.pendingActivities ?? [];
  const scheduled = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED;
  const estimate = await estimator
    .estimate({
      workflowType: description.type,
      jobType,
      priority,
      startedAtMs: description.startTime.getTime(),
      queued: pending.length === 0 || pending.every((activity) => activity.state === scheduled),
    })
    .catch(() => null);
  return estimate?.toISOString() ?? null;
}

/** The submit answer's estimate: expected seconds until done and the time that makes; nulls when unknown. */
export async function submissionEstimate(
  estimator: CompletionEstimator,
  subject: { workflowType: string; jobType: string; priority: string },
  submittedAt: Date,
): Promise<{ estimatedTime: number | null; estimatedCompletion: string | null }> {
  const duration = await estimator.expectedDuration(subject).catch(() => null);
  if (duration === null) return { estimatedTime: null, estimatedCompletion: null };
  return { estimatedTime: Math.round(duration / 100) / 10, estimatedCompletion: new Date(submittedAt.getTime() + duration).toISOString() };
}
