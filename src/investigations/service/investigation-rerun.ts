import type { Client } from '@temporalio/client';
import type { TenantScope } from '../../auth/tenant-scope';
import type { LoadedConfig } from '../../config/load-config';
import { orchestrationTaskQueue } from '../../config/task-queues';
import { investigationWorkflowType, type InvestigationWorkflowInput } from '../../contracts/investigation-workflow';
import { parseStepActivityId } from '../../contracts/step-activity-ids';
import { investigationWorkflowId } from '../../contracts/workflow-ids';
import { InvalidInputError } from '../../errors/domain-errors';
import { closedRun, freshRunAttributes } from '../../replay/closed-run';
import { rerunFromStep, type Rerun } from '../../replay/rerun';
import type { RerunRequest } from '../../replay/rerun-request';
import { investigationDefinitionSchema } from '../definition-schema';
import { finishedSteps } from './finished-steps';
import { dependentsOf } from '../step-graph';

/**
 * Reruns a closed investigation: from a step (by default the failed one) by a Temporal reset, which keeps every
 * result recorded before it; or, with a new input for a step, as a new run that keeps what does not depend on it.
 * An investigation outside the caller's tenant scope is not found.
 */
export async function rerunInvestigation(
  client: Client,
  config: LoadedConfig,
  investigationId: string,
  request: RerunRequest,
  caller: { subject: string; scope: TenantScope },
): Promise<Rerun> {
  const workflowId = investigationWorkflowId(investigationId);
  if (request.input === undefined) {
    const own = { workflowType: investigationWorkflowType, taskQueue: orchestrationTaskQueue(config), scope: caller.scope };
    const run = await closedRun(client, workflowId, own, `investigation ${investigationId}`);
    const stepOf = (event: { activityTaskScheduledEventAttributes?: { activityId?: string | null } | null }) => {
      const activity = parseStepActivityId(event.activityTaskScheduledEventAttributes?.activityId ?? '');
      return activity && activity.role !== 'compensate' ? activity.step : undefined;
    };
    return rerunFromStep(client, { workflowId, stepOf }, run, { ...request, caller: caller.subject });
  }
  return rerunWithInput(client, config, investigationId, caller.scope, {
    step: request.fromStep,
    input: request.input,
    reason: request.reason,
    caller: caller.subject,
  });
}

/**
 * A rerun with edited input. A Temporal reset cannot change what a step receives (this server refuses post-reset
 * signals, and a signal sent after the reset would race the rerun), so the rerun is a new run of the same
 * workflow id: it keeps the outputs of the steps that completed and do not depend on the edited step, and runs
 * the edited step, with its new input, and its dependants. The old run stays in the history, linked in the memo.
 * The rerun carries no SLA timers: its SLA was the original run's, already alerted on.
 */
async function rerunWithInput(
  client: Client,
  config: LoadedConfig,
  investigationId: string,
  scope: TenantScope,
  request: { step: string | undefined; input: unknown; reason: string; caller: string },
): Promise<Rerun> {
  const workflowId = investigationWorkflowId(investigationId);
  const own = { workflowType: investigationWorkflowType, taskQueue: orchestrationTaskQueue(config), scope };
  const { description, input: previous } = await closedRun<InvestigationWorkflowInput>(
    client,
    workflowId,
    own,
    `investigation ${investigationId}`,
  );
  const definition = investigationDefinitionSchema.parse(previous.definition);
  const steps = await finishedSteps(client, workflowId, description.runId);
  const step = request.step ?? steps.find((candidate) => candidate.state === 'FAILED')?.name;
  if (!step || !definition.steps.some((candidate) => candidate.name === step)) {
    const names = definition.steps.map((s) => s.name).join(', ');
    throw new InvalidInputError([{ path: 'fromStep', message: `name the step to rerun with its new input; expected one of: ${names}` }]);
  }
  const rerunSteps = new Set([step, ...dependentsOf(definition, step)]);
  const outputs = Object.fromEntries(
    steps.filter((s) => s.state === 'COMPLETED' && !rerunSteps.has(s.name)).map((s) => [s.name, s.output]),
  );
  const handleOfRerun = await client.workflow.start(investigationWorkflowType, {
    workflowId,
    taskQueue: own.taskQueue,
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
    memo: { ...(description.memo ?? {}), rerunOf: description.runId, reason: request.reason, caller: request.caller, editedStep: step },
    staticSummary: `rerun of ${description.runId} from ${step} with edited input: ${request.reason} (by ${request.caller})`.slice(0, 400),
  });
  return {
    kind: 'new-run',
    step,
    previousRunId: description.runId,
    runId: handleOfRerun.firstExecutionRunId,
    reason: request.reason,
    caller: request.caller,
  };
}
