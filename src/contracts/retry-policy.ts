/**
 * Retry policies, from temporal.yaml to an activity's options: the one conversion that jobs and investigations both
 * use. A workflow input carries each policy resolved to milliseconds (ResolvedRetry), so a replay never depends on
 * today's config. Pure module: safe inside the workflow sandbox.
 */
import type { RetryPolicy } from '@temporalio/common';
import type { RetryPolicyConfig } from '../config/schema';
import { z } from './zod-mini';

export const resolvedRetrySchema = z.strictObject({
  initialIntervalMs: z.int().check(z.positive()),
  backoffCoefficient: z.number().check(z.minimum(1)),
  maximumIntervalMs: z.optional(z.int().check(z.positive())),
  maximumAttempts: z.int().check(z.minimum(0)),
});
export type ResolvedRetry = z.infer<typeof resolvedRetrySchema>;

/** A named retry policy of temporal.yaml in the form workflow inputs carry it (milliseconds). */
export function resolvedRetry(policy: RetryPolicyConfig): ResolvedRetry {
  return {
    initialIntervalMs: policy.initialInterval,
    backoffCoefficient: policy.backoffCoefficient,
    ...(policy.maximumInterval === undefined ? {} : { maximumIntervalMs: policy.maximumInterval }),
    maximumAttempts: policy.maximumAttempts,
  };
}

/** The activity retry policy of a resolved policy: failures of the non-retryable types are never retried. */
export function activityRetryPolicy(retry: ResolvedRetry, nonRetryableErrorTypes: readonly string[]): RetryPolicy {
  return {
    initialInterval: retry.initialIntervalMs,
    backoffCoefficient: retry.backoffCoefficient,
    maximumAttempts: retry.maximumAttempts,
    nonRetryableErrorTypes: [...nonRetryableErrorTypes],
    ...(retry.maximumIntervalMs === undefined ? {} : { maximumInterval: retry.maximumIntervalMs }),
  };
}
