import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import Long from 'long';
import { ConflictError, InvalidInputError } from '../errors/domain-errors';
import type { ClosedRun } from './closed-run';

export interface ResetRequest {
  /** Which step to rerun from; default: the step that failed. */
  fromStep?: string;
  reason: string;
  caller: string;
}

export interface RerunTarget {
  workflowId: string;
  /** How the history names a step: an investigation's activity id, or a job's activity type. */
  stepOf(scheduled: temporal.api.history.v1.IHistoryEvent): string | undefined;
  /**
   * When the step never ran (a job that failed or was cancelled while it waited for its dependencies), run the
   * whole workflow again from its first workflow task instead of refusing: its wait included.
   */
  fromStartIfNeverRan?: boolean;
}

export interface Rerun {
  /** `reset`: a Temporal reset of the previous run (resetToEventId says where); `new-run`: a new run with edited input. */
  kind: 'reset' | 'new-run';
  step: string;
  previousRunId: string;
  runId: string;
  resetToEventId?: number;
  reason: string;
  caller: string;
}

/**
 * Rerun from a step: a Temporal reset of the closed run to the workflow task that scheduled the step, so the new
 * run keeps every result recorded before it and runs the step and everything after it on today's workers. The
 * old run stays in the history; the reason and the caller are the reset's reason. The run is the closed run the
 * caller already read (closedRun), so its description and history are not fetched again.
 */
export async function rerunFromStep(
  client: Client,
  target: RerunTarget,
  run: Pick<ClosedRun<unknown>, 'description' | 'history'>,
  request: ResetRequest,
): Promise<Rerun> {
  const { description } = run;
  const events = run.history.events ?? [];
  const scheduledById = new Map(
    events.filter((event) => event.activityTaskScheduledEventAttributes).map((event) => [String(event.eventId), event]),
  );
  const failedStep = [...events]
    .reverse()
    .map((event) => event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes)
    .map((failure) => (failure ? scheduledById.get(String(failure.scheduledEventId)) : undefined))
    .map((scheduled) => (scheduled ? target.stepOf(scheduled) : undefined))
    .find((step) => step !== undefined);
  const step = request.fromStep ?? failedStep;
  if (!step) throw new ConflictError('NOTHING_TO_RERUN', `no step of ${target.workflowId} failed; name one with fromStep`);
  const scheduled = [...scheduledById.values()].find((event) => target.stepOf(event) === step);
  const firstWorkflowTask = events.find((event) => event.workflowTaskCompletedEventAttributes);
  let resetToEventId: number;
  if (scheduled) resetToEventId = Number(scheduled.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId ?? 0);
  else if (target.fromStartIfNeverRan && firstWorkflowTask) resetToEventId = Number(firstWorkflowTask.eventId ?? 0);
  else throw new InvalidInputError([{ path: 'fromStep', message: `step "${step}" never ran in ${target.workflowId}` }]);
  const response: temporal.api.workflowservice.v1.IResetWorkflowExecutionResponse = await client.workflowService.resetWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId: target.workflowId, runId: description.runId },
    reason: `${request.reason} (rerun from ${step}, requested by ${request.caller})`,
    workflowTaskFinishEventId: Long.fromNumber(resetToEventId),
    requestId: randomUUID(),
    // The client acts for the caller (principal-clients.ts): the reset's event names the principal and its tenant.
    identity: client.options.identity,
  });
  return {
    kind: 'reset',
    step,
    previousRunId: description.runId,
    runId: response.runId ?? '',
    resetToEventId,
    reason: request.reason,
    caller: request.caller,
  };
}
