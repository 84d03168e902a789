/**
 * What the help agent is told about a job: a plain snapshot read from Temporal (describe + history),
 * so that the explanation logic stays a pure function of data and can be unit-tested.
 */
export interface PendingActivitySnapshot {
  activityType: string;
  /** PENDING_ACTIVITY_STATE_SCHEDULED | STARTED | CANCEL_REQUESTED | PAUSED ... as reported by Temporal */
  state: string;
  attempt: number;
  maximumAttempts?: number;
  lastFailureMessage?: string;
  lastFailureType?: string;
  scheduledAt?: string;
  lastStartedAt?: string;
  lastWorkerIdentity?: string;
}

export interface JobSnapshot {
  jobId: string;
  workflowId: string;
  type?: string;
  priority?: string;
  caseId?: string;
  /** RUNNING | COMPLETED | FAILED | CANCELED | TERMINATED | TIMED_OUT | CONTINUED_AS_NEW */
  status: string;
  startedAt: string;
  closedAt?: string;
  taskQueue: string;
  /** The workflow's own stage (WAITING, SCHEDULED, ...), from its TaskmasterStatus search attribute. */
  stage?: string;
  /** While the stage is WAITING: the dependencies (dependsOn) that have not completed yet, when the job could say. */
  waitingFor?: string[];
  /** Agent task queue of the job's step and whether any worker polls it now. */
  agentTaskQueue?: string;
  agentPollerCount?: number;
  pendingActivities: PendingActivitySnapshot[];
  /** Set when the job closed with a failure. */
  failure?: { message: string; type?: string; nonRetryable?: boolean; causeChain: string[] };
  historyLength: number;
}
