import type { Client } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import {
  investigationProgressQuery,
  investigationWorkflowType,
  type InvestigationResult,
  type InvestigationWorkflowInput,
} from '../contracts/investigation-workflow';
import { jobWorkflowType, type JobWorkflowInput } from '../contracts/job-workflow';
import { SlaBreachedAttribute, SlaDeadlineAttribute, SlaStatusAttribute, StatusAttribute } from '../contracts/search-attributes';
import { HttpError } from '../http/http-error';
import { investigationDefinitionSchema } from '../investigations/definition-schema';
import { dependentsOf } from '../investigations/step-graph';
import type { Rerun } from './rerun';

/**
 * The previous run's search attributes, less what described how that run went: the new run starts at its first
 * stage and without an SLA (it is a rerun, not new work), so it must not read as FAILED or BREACHED.
 */
function freshRunAttributes(previous: TypedSearchAttributes, stage: string): TypedSearchAttributes {
  return previous.updateCopy([
    { key: StatusAttribute, value: stage },
    { key: SlaDeadlineAttribute, value: null },
    { key: SlaBreachedAttribute, value: null },
    { key: SlaStatusAttribute, value: null },
  ]);
}

interface EditedRerun {
  workflowId: string;
  step?: string;
  input: unknown;
  reason: string;
  caller: string;
}

async function closedRun(client: Client, workflowId: string, type: string) {
  const description = await client.workflow.getHandle(workflowId).describe();
  if (description.type !== type) throw new HttpError(404, 'NOT_FOUND', `no ${workflowId}`);
  if (description.status.name === 'RUNNING') throw new HttpError(409, 'STILL_RUNNING', `${workflowId} is still running`);
  const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  return { description, payloads };
}

/**
 * A rerun with edited input. A Temporal reset cannot change what a step receives (this server refuses post-reset
 * signals, and a signal sent after the reset would race the rerun), so the rerun is a new run of the same
 * workflow id: it keeps the outputs of the steps that completed and do not depend on the edited step, and runs
 * the edited step, with its new input, and its dependants. The old run stays in the history, linked in the memo.
 * The rerun carries no SLA timers: its SLA was the original run's, already alerted on.
 */
export async function rerunInvestigationWithInput(client: Client, request: EditedRerun & { taskQueue: string }): Promise<Rerun> {
  const { description, payloads } = await closedRun(client, request.workflowId, investigationWorkflowType);
  const previous = await decodeFromPayloadsAtIndex<InvestigationWorkflowInput>(client.options.loadedDataConverter, 0, payloads);
  const definition = investigationDefinitionSchema.parse(previous.definition);
  const handle = client.workflow.getHandle(request.workflowId, description.runId);
  const steps = await handle
    .result()
    .then((result) => (result as InvestigationResult).steps)
    .catch(() => handle.query(investigationProgressQuery).then((progress) => progress.steps));
  const step = request.step ?? steps.find((candidate) => candidate.state === 'FAILED')?.name;
  if (!step || !definition.steps.some((candidate) => candidate.name === step)) {
    throw new HttpError(400, 'VALIDATION_FAILED', `name the step to rerun with its new input`, [
      { path: 'fromStep', message: `expected one of: ${definition.steps.map((s) => s.name).join(', ')}` },
    ]);
  }
  const rerunSteps = new Set([step, ...dependentsOf(definition, step)]);
  const outputs = Object.fromEntries(
    steps.filter((s) => s.state === 'COMPLETED' && !rerunSteps.has(s.name)).map((s) => [s.name, s.output]),
  );
  const handleOfRerun = await client.workflow.start(investigationWorkflowType, {
    workflowId: request.workflowId,
    taskQueue: request.taskQueue,
    args: [
      {
        ...previous,
        sla: undefined,
        submittedAt: new Date().toISOString(),
        resume: { fromRunId: description.runId, outputs, inputOverrides: { [step]: request.input } },
      },
    ],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: freshRunAttributes(description.typedSearchAttributes, 'RUNNING'),
    memo: { rerunOf: description.runId, reason: request.reason, caller: request.caller, editedStep: step },
    staticSummary: `rerun of ${description.runId} from ${step} with edited input: ${request.reason} (by ${request.caller})`.slice(0, 400),
  });
  return {
    step,
    previousRunId: description.runId,
    runId: handleOfRerun.firstExecutionRunId,
    resetToEventId: 0,
    reason: request.reason,
    caller: request.caller,
  };
}

/** A job rerun with edited data: a new run of the same job, with the new data and the same routing. */
export async function rerunJobWithData(client: Client, request: EditedRerun & { taskQueue: string }): Promise<Rerun> {
  const { description, payloads } = await closedRun(client, request.workflowId, jobWorkflowType);
  const previous = await decodeFromPayloadsAtIndex<JobWorkflowInput>(client.options.loadedDataConverter, 0, payloads);
  const handle = await client.workflow.start(jobWorkflowType, {
    workflowId: request.workflowId,
    taskQueue: request.taskQueue,
    args: [{ ...previous, data: request.input, submittedAt: new Date().toISOString(), dependsOn: undefined, sla: undefined }],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: freshRunAttributes(description.typedSearchAttributes, 'SCHEDULED'),
    memo: { ...(description.memo ?? {}), rerunOf: description.runId, reason: request.reason, caller: request.caller },
    staticSummary: `rerun of ${description.runId} with edited data: ${request.reason} (by ${request.caller})`.slice(0, 400),
  });
  return {
    step: 'job',
    previousRunId: description.runId,
    runId: handle.firstExecutionRunId,
    resetToEventId: 0,
    reason: request.reason,
    caller: request.caller,
  };
}
