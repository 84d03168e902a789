import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { JobSnapshot } from '../../activities/help/snapshot';
import type { TaskmasterConfig } from '../config/schema';
import { jobProgressQuery, type JobWorkflowInput } from '../contracts/job-workflow';
import { CaseIdAttribute, JobTypeAttribute, PriorityAttribute, StatusAttribute } from '../contracts/search-attributes';
import { agentTaskQueue } from '../config/task-queues';
import { livePollers } from '../system/task-queue-pollers';
import { failureMessageOf } from '../temporal/failure-message';
import { pendingActivityStateName } from '../temporal/pending-activity-state';
import { jobStatusOf } from './job-status';
import { jobWorkflowId } from '../contracts/workflow-ids';
import { ownValue } from '../contracts/own-value';

/** Reads what the help agent needs to explain a job, from Temporal alone; undefined for an unknown job. */
export function jobSnapshotReader(client: Client, config: TaskmasterConfig) {
  return async (jobId: string): Promise<JobSnapshot | undefined> => {
    const handle = client.workflow.getHandle(jobWorkflowId(jobId));
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
    const type = description.typedSearchAttributes.get(JobTypeAttribute);
    const agent = type ? ownValue(config.jobTypes, type)?.agent : undefined;
    const agentQueue = agent ? agentTaskQueue(config, agent) : undefined;
    const status = jobStatusOf(description.status.name);
    const snapshot: JobSnapshot = {
      jobId,
      workflowId: description.workflowId,
      status,
      startedAt: description.startTime.toISOString(),
      taskQueue: description.taskQueue,
      historyLength: description.historyLength,
      pendingActivities: await Promise.all(
        (description.raw.pendingActivities ?? []).map(async (pending) => {
          const lastFailureMessage = await failureMessageOf(client, pending.lastFailure);
          const lastFailureType = pending.lastFailure?.applicationFailureInfo?.type;
          return {
            activityType: pending.activityType?.name ?? 'unknown',
            state: pendingActivityStateName(pending.state),
            attempt: pending.attempt ?? 1,
            ...(pending.maximumAttempts ? { maximumAttempts: pending.maximumAttempts } : {}),
            ...(lastFailureMessage ? { lastFailureMessage } : {}),
            ...(lastFailureType ? { lastFailureType } : {}),
            ...(pending.lastWorkerIdentity ? { lastWorkerIdentity: pending.lastWorkerIdentity } : {}),
          };
        }),
      ),
      ...(type ? { type } : {}),
      ...optionalString('priority', description.typedSearchAttributes.get(PriorityAttribute)),
      ...optionalString('caseId', description.typedSearchAttributes.get(CaseIdAttribute)),
      ...optionalString('stage', status === 'RUNNING' ? description.typedSearchAttributes.get(StatusAttribute) : undefined),
      ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
    };
    if (agentQueue) {
      snapshot.agentTaskQueue = agentQueue;
      snapshot.agentPollerCount = (await livePollers(client, agentQueue, 'activity')).count;
    }
    if (snapshot.stage === 'WAITING') {
      const waitingFor = await waitingForOf(client, handle);
      if (waitingFor) snapshot.waitingFor = waitingFor;
    }
    if (status === 'FAILED') snapshot.failure = await failureOf(handle.result() as Promise<JobWorkflowInput>);
    return snapshot;
  };
}

/** Best effort, as the jobs API does: a query needs a workflow worker, and an explanation must not wait on one. */
async function waitingForOf(client: Client, handle: ReturnType<Client['workflow']['getHandle']>): Promise<string[] | undefined> {
  try {
    return (await client.withDeadline(Date.now() + 2_000, () => handle.query(jobProgressQuery))).waitingFor;
  } catch {
    return undefined;
  }
}

const optionalString = (key: string, value: string | undefined): Record<string, string> => (value ? { [key]: value } : {});

async function failureOf(result: Promise<unknown>): Promise<JobSnapshot['failure']> {
  try {
    await result;
    return undefined;
  } catch (error) {
    const causeChain: string[] = [];
    let cause: unknown = error instanceof WorkflowFailedError ? error.cause : error;
    let root: ApplicationFailure | undefined;
    while (cause instanceof Error && causeChain.length < 10) {
      causeChain.push(cause.message);
      if (cause instanceof ApplicationFailure) root = cause;
      cause = cause.cause;
    }
    return {
      message: causeChain[0] ?? String(error),
      ...(root?.type ? { type: root.type } : {}),
      ...(root ? { nonRetryable: root.nonRetryable === true } : {}),
      causeChain,
    };
  }
}
