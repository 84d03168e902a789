import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import {
  dependencyClosedSignal,
  dependencyFailedMessage,
  dependencyNotFoundMessage,
  registerDependantSignal,
  type DependencyOutcome,
  type DependencyStatus,
} from '../src/contracts/job-dependencies';
import { jobWorkflowId } from '../src/contracts/workflow-ids';
import { FailureType } from '../src/errors/failure-types';

/** How many dependants are signalled at once. */
const signalConcurrency = 32;

/**
 * The short activities of job dependencies, on the orchestration queue beside the workflows. A job waits for its
 * dependencies on signals (workflows/job-dependencies.ts); these send those signals when a job closes, and read an
 * outcome that no signal can carry (a job that closed before its dependant registered).
 * `awaitJobs` is the wait of runs started before the dependency-wait-by-signals patch, kept so that they finish.
 */
export function createDependencyActivities(deps: { client: Client; heartbeatIntervalMs?: number }) {
  const { client } = deps;
  return {
    /**
     * Before the dependency-wait-by-signals patch: a long-polling activity that heartbeats while the dependencies
     * run. It held an activity slot for the whole wait.
     */
    async awaitJobs(jobIds: string[]): Promise<{ completed: string[] }> {
      const interval = setInterval(() => heartbeat(), deps.heartbeatIntervalMs ?? 5_000);
      try {
        await Promise.all(jobIds.map((jobId) => awaitJob(client, jobId)));
        return { completed: jobIds };
      } finally {
        clearInterval(interval);
      }
    },

    /**
     * Registers a dependant with a job it depends on (a local activity of the dependant: a signal with the client,
     * no task queue, no history event on either side beyond the signal itself). A job that has already closed cannot
     * take the signal: its outcome is read instead and returned, and the dependant needs no news.
     */
    async registerDependant(jobId: string, dependantWorkflowId: string): Promise<DependencyOutcome | undefined> {
      try {
        await client.workflow.getHandle(jobWorkflowId(jobId)).signal(registerDependantSignal, { workflowId: dependantWorkflowId });
        return undefined;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      const outcome = await jobOutcome(client, jobId);
      // Open after all (the signal failed for a reason that has passed): let the local activity retry.
      if (outcome.status === 'RUNNING') throw new Error(`job ${jobId} refused the registration but is running`);
      return outcome;
    },

    /** Signals each dependant with the outcome of the job it waits on; returns how many were still open. */
    async notifyDependants(outcome: DependencyOutcome, dependantWorkflowIds: string[]): Promise<{ notified: number }> {
      return { notified: await signalDependants(client, outcome, dependantWorkflowIds) };
    },

    /**
     * Tells the dependants of a job that was terminated or timed out (so ran no code to tell them) how it ended.
     * The dependants are those whose registration signals are in the job's history.
     */
    async notifyDependantsOfClosedJob(jobId: string): Promise<{ status: DependencyStatus; notified: number }> {
      const outcome = await jobOutcome(client, jobId);
      if (outcome.status !== 'TERMINATED' && outcome.status !== 'TIMED_OUT') return { status: outcome.status, notified: 0 };
      const history = await client.workflow.getHandle(jobWorkflowId(jobId)).fetchHistory();
      const dependants = new Set<string>();
      for (const event of history.events ?? []) {
        const signaled = event.workflowExecutionSignaledEventAttributes;
        if (signaled?.signalName !== registerDependantSignal.name) continue;
        const registration = await decodeFromPayloadsAtIndex<{ workflowId?: unknown }>(
          client.options.loadedDataConverter,
          0,
          signaled.input?.payloads,
        );
        if (typeof registration?.workflowId === 'string') dependants.add(registration.workflowId);
      }
      return { status: outcome.status, notified: await signalDependants(client, outcome, [...dependants]) };
    },
  };
}

/** Signals each dependant, a few at a time, heartbeating; a dependant that already closed is skipped. */
async function signalDependants(client: Client, outcome: DependencyOutcome, workflowIds: readonly string[]): Promise<number> {
  const pending = [...workflowIds];
  let notified = 0;
  const tell = async (): Promise<void> => {
    for (let workflowId = pending.shift(); workflowId !== undefined; workflowId = pending.shift()) {
      heartbeat();
      try {
        await client.workflow.getHandle(workflowId).signal(dependencyClosedSignal, outcome);
        notified += 1;
      } catch (error) {
        // A dependant that already closed (cancelled while it waited, say) needs no news.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(signalConcurrency, pending.length) }, tell));
  return notified;
}

/** A job's outcome as its dependants see it: RUNNING while it is open. */
async function jobOutcome(client: Client, jobId: string): Promise<DependencyOutcome> {
  const handle = client.workflow.getHandle(jobWorkflowId(jobId));
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { jobId, status: 'NOT_FOUND', message: dependencyNotFoundMessage(jobId) };
    throw error;
  }
  if (status === 'RUNNING') return { jobId, status: 'RUNNING' };
  try {
    await handle.result();
    return { jobId, status: 'COMPLETED' };
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    return { jobId, status: closedStatus(status), message: error.cause?.message ?? error.message };
  }
}

const closedStatus = (status: string): DependencyStatus =>
  status === 'CANCELLED' ? 'CANCELED' : status === 'TERMINATED' || status === 'TIMED_OUT' ? status : 'FAILED';

async function awaitJob(client: Client, jobId: string): Promise<void> {
  try {
    // Cancelling the dependent job cancels this wait (delivered through the heartbeat).
    await Promise.race([client.workflow.getHandle(jobWorkflowId(jobId)).result(), Context.current().cancelled]);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw ApplicationFailure.create({
        type: FailureType.DependencyNotFound,
        message: dependencyNotFoundMessage(jobId),
        nonRetryable: true,
      });
    }
    if (error instanceof WorkflowFailedError) {
      throw ApplicationFailure.create({
        type: FailureType.DependencyFailed,
        message: dependencyFailedMessage(jobId, error.cause?.message ?? error.message),
        nonRetryable: true,
      });
    }
    throw error;
  }
}

export type DependencyActivities = ReturnType<typeof createDependencyActivities>;
