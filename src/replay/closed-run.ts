import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TypedSearchAttributes } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { SlaBreachedAttribute, SlaDeadlineAttribute, SlaStatusAttribute, StatusAttribute } from '../contracts/search-attributes';
import { ConflictError } from '../errors/domain-errors';
import { describeOwnWorkflow, type OwnWorkflow } from '../temporal/describe-own-workflow';

export interface ClosedRun<Input> {
  description: WorkflowExecutionDescription;
  /** The run's history, read once: its input, and the steps a rerun can start from. */
  history: temporal.api.history.v1.IHistory;
  /** The input the run started with, decoded from its first history event. */
  input: Input;
}

/**
 * The latest run of a job or an investigation of this deployment and of the caller's tenant scope (another tenant's
 * is not found), which must have closed, with its input.
 */
export async function closedRun<Input>(client: Client, workflowId: string, own: OwnWorkflow, what: string): Promise<ClosedRun<Input>> {
  const description = await describeOwnWorkflow(client, workflowId, own, `no ${what}`);
  if (description.status.name === 'RUNNING') {
    throw new ConflictError('STILL_RUNNING', `${what} is still running; cancel it first or wait for it to finish`);
  }
  const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  const input = await decodeFromPayloadsAtIndex<Input>(client.options.loadedDataConverter, 0, payloads);
  return { description, history, input };
}

/**
 * The previous run's search attributes, less what described how that run went: the new run starts at its first
 * stage and without an SLA (it is a rerun, not new work), so it must not read as FAILED or BREACHED.
 */
export function freshRunAttributes(previous: TypedSearchAttributes, stage: string): TypedSearchAttributes {
  return previous.updateCopy([
    { key: StatusAttribute, value: stage },
    { key: SlaDeadlineAttribute, value: null },
    { key: SlaBreachedAttribute, value: null },
    { key: SlaStatusAttribute, value: null },
  ]);
}

/** Who asked for a rerun and why: recorded with the new run. */
export interface RerunReason {
  reason: string;
  caller: string;
}
