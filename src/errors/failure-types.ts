/**
 * Every `type` of the ApplicationFailures that Taskmaster's workflows and activities throw, with whether a retry
 * can help and what it means to the person reading a failed job. Throw sites and retry policies use these
 * constants, never the strings (tests/unit/errors/failure-types.test.ts checks the source). The strings
 * themselves never change: recorded histories, clients and custom agents read them.
 * Pure module: safe to import from workflow code.
 */

export interface FailureTypeInfo {
  /**
   * False: retry policies list the type in `nonRetryableErrorTypes`, so it fails a step at once instead of being
   * retried until the policy gives up. True: the policy decides (a failure may still mark itself non-retryable).
   */
  retryable: boolean;
  /** What it means to a user: one sentence, with what to do about it. */
  meaning: string;
}

export const failureTypes = {
  InvalidJobData: {
    retryable: false,
    meaning:
      "The job's data does not match its job type's input schema; the message names the failing fields, so fix the data " +
      'and submit the job again.',
  },
  InvalidWorkflowInput: {
    retryable: false,
    meaning:
      'A workflow was started with a malformed input or names an action its agent lacks (a caller bypassed the HTTP ' +
      'facade); starting it the same way again fails the same way.',
  },
  NotFound: {
    retryable: false,
    meaning: 'The job the help agent was asked to explain does not exist; check the id (GET /v1/jobs lists the jobs).',
  },
  DependencyNotFound: {
    retryable: false,
    meaning: 'A job named in dependsOn does not exist, so the dependent job never started; submit it with existing job ids.',
  },
  DependencyFailed: {
    retryable: false,
    meaning:
      'A job named in dependsOn failed, was canceled, terminated or timed out, so the dependent job never started; ' +
      'rerun the dependency, then submit the dependent job again.',
  },
  AlertWebhookRejected: {
    retryable: true,
    meaning:
      'The SLA alert webhook answered with an error: 5xx, 408 and 429 are retried, any other status fails the ' +
      'delivery at once (the alert stays in the worker log); check alerts.webhookUrl and the receiver.',
  },
  SlaBreached: {
    retryable: false,
    meaning:
      "The job's SLA deadline passed while its step ran and its priority class says onBreach: cancel, so the step " +
      'was canceled; submit it again or raise the SLA.',
  },
  JobStepFailed: {
    retryable: false,
    meaning:
      "The job's step failed, after its retries, with an error of no type of its own; the message names the action, " +
      'the agent and the cause.',
  },
  InvestigationStepFailed: {
    retryable: false,
    meaning:
      'A step of an investigation failed after its retries and fallback; the message names the step and its cause, ' +
      'and the steps that had completed were compensated.',
  },
  EncryptionKeyUnavailable: {
    retryable: false,
    meaning:
      'A payload was encrypted with a key (named in the message) that this process does not hold, so it cannot be read; ' +
      'nothing is lost: add the key back to TASKMASTER_ENCRYPTION_KEYS or the key file, restart, and rerun the job.',
  },
  PayloadDecryptionFailed: {
    retryable: false,
    meaning:
      'A payload failed its AES-GCM integrity check or names a cipher Taskmaster does not use, so it was tampered with, ' +
      'truncated or written by another system; it cannot be read with any key.',
  },
  AuditLogContinuingAsNew: {
    retryable: true,
    meaning:
      'An audit entry reached the audit log while its run was full and continuing as new, so that run refused it; the ' +
      'facade appends it again, to the new run, at once (an entry it still cannot append is logged at error level).',
  },
  StepRecordUnreadable: {
    retryable: true,
    meaning:
      "A step's input or output could not be read back from the history or the content store while sealing the step " +
      'record (the message names the step and the payload): retried while a content store is unavailable; one that ' +
      'keeps failing was altered, and the job or investigation stays open, unsealed, for an examiner to look at.',
  },
} as const satisfies Record<string, FailureTypeInfo>;

export type FailureType = keyof typeof failureTypes;

const names = Object.keys(failureTypes) as FailureType[];

/** The type names as constants: `FailureType.InvalidJobData` is `'InvalidJobData'`. */
export const FailureType = Object.fromEntries(names.map((name) => [name, name])) as { readonly [Name in FailureType]: Name };

/** What retry policies list in `nonRetryableErrorTypes`: every type a retry cannot fix. */
export const nonRetryableFailureTypes: readonly FailureType[] = names.filter((name) => !failureTypes[name].retryable);
