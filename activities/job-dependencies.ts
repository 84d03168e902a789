import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { jobWorkflowId } from '../src/contracts/workflow-ids';
import { FailureType } from '../src/errors/failure-types';

/**
 * Waits until the jobs a job depends on have completed. Runs on the orchestration queue beside the workflows, as
 * a long-polling activity that heartbeats, so a worker restart resumes the wait instead of losing it. A
 * dependency that fails, is cancelled, terminated or times out fails the dependent job at once, naming it.
 */
export function createDependencyActivities(deps: { client: Client; heartbeatIntervalMs?: number }) {
  return {
    async awaitJobs(jobIds: string[]): Promise<{ completed: string[] }> {
      const interval = setInterval(() => heartbeat(), deps.heartbeatIntervalMs ?? 5_000);
      try {
        await Promise.all(jobIds.map((jobId) => awaitJob(deps.client, jobId)));
        return { completed: jobIds };
      } finally {
        clearInterval(interval);
      }
    },
  };
}

async function awaitJob(client: Client, jobId: string): Promise<void> {
  try {
    // Cancelling the dependent job cancels this wait (delivered through the heartbeat).
    await Promise.race([client.workflow.getHandle(jobWorkflowId(jobId)).result(), Context.current().cancelled]);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw ApplicationFailure.create({
        type: FailureType.DependencyNotFound,
        message: `dependency ${jobId} does not exist`,
        nonRetryable: true,
      });
    }
    if (error instanceof WorkflowFailedError) {
      throw ApplicationFailure.create({
        type: FailureType.DependencyFailed,
        message: `dependency ${jobId} did not complete: ${error.cause?.message ?? error.message}`,
        nonRetryable: true,
      });
    }
    throw error;
  }
}

export type DependencyActivities = ReturnType<typeof createDependencyActivities>;
