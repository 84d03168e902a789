/**
 * Error types carried by Temporal ApplicationFailures. Retry policies list the non-retryable ones, so bad
 * input fails a job at once instead of being retried until the policy gives up.
 * Pure module: safe to import from workflow code.
 */
export const FailureType = {
  /** The job's data does not match its job type's input schema. */
  InvalidJobData: 'InvalidJobData',
  /** The workflow input envelope itself is malformed (a caller bypassed the HTTP facade). */
  InvalidWorkflowInput: 'InvalidWorkflowInput',
  /** A job or resource the activity needs does not exist. */
  NotFound: 'NotFound',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];

export const nonRetryableFailureTypes: readonly FailureType[] = [
  FailureType.InvalidJobData,
  FailureType.InvalidWorkflowInput,
  FailureType.NotFound,
];
