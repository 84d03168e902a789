import type { Client } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import { jobWorkflowType, type JobWorkflowInput } from '../contracts/job-workflow';
import { JobTypeAttribute } from '../contracts/search-attributes';
import { jobWorkflowId } from '../contracts/workflow-ids';
import { parseInput } from '../errors/field-problems';
import { closedRun, freshRunAttributes, type RerunReason } from '../replay/closed-run';
import { rerunFromStep, type Rerun } from '../replay/rerun';
import type { RerunRequest } from '../replay/rerun-request';
import { jobDataSchema } from './job-data-schemas';

/**
 * Reruns a closed job: from its step by a Temporal reset (the recorded data), or, with new data, as a new run of the
 * same job with the same routing. The caller and the reason are recorded with the new run. A job outside the
 * caller's tenant scope is not found.
 */
export async function rerunJob(
  client: Client,
  config: LoadedConfig,
  jobId: string,
  request: RerunRequest,
  caller: { subject: string; scope: TenantScope },
): Promise<Rerun> {
  const workflowId = jobWorkflowId(jobId);
  const own = { workflowType: jobWorkflowType, taskQueue: orchestrationTaskQueue(config), scope: caller.scope };
  const run = await closedRun<JobWorkflowInput>(client, workflowId, own, `job ${jobId}`);
  const { description, input: previous } = run;
  if (request.input === undefined) {
    const action = previous.route.action;
    const stepOf = (event: { activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null }) =>
      event.activityTaskScheduledEventAttributes?.activityType?.name === action ? 'job' : undefined;
    return rerunFromStep(client, { workflowId, stepOf, fromStartIfNeverRan: true }, run, {
      reason: request.reason,
      caller: caller.subject,
      fromStep: 'job',
    });
  }
  const type = description.typedSearchAttributes.get(JobTypeAttribute) ?? previous.type;
  const data = parseInput(jobDataSchema(config, type), request.input, ['input']);
  return rerunWithData(
    client,
    { workflowId, taskQueue: own.taskQueue, reason: request.reason, caller: caller.subject },
    description,
    previous,
    data,
  );
}

/** A job rerun with edited data: a new run of the same job, with the new data and the same routing. */
async function rerunWithData(
  client: Client,
  target: RerunReason & { workflowId: string; taskQueue: string },
  description: Awaited<ReturnType<typeof closedRun>>['description'],
  previous: JobWorkflowInput,
  data: unknown,
): Promise<Rerun> {
  const handle = await client.workflow.start(jobWorkflowType, {
    workflowId: target.workflowId,
    taskQueue: target.taskQueue,
    args: [{ ...previous, data, submittedAt: new Date().toISOString(), dependsOn: undefined, sla: undefined }],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: freshRunAttributes(description.typedSearchAttributes, 'SCHEDULED'),
    memo: { ...(description.memo ?? {}), rerunOf: description.runId, reason: target.reason, caller: target.caller },
    staticSummary: `rerun of ${description.runId} with edited data: ${target.reason} (by ${target.caller})`.slice(0, 400),
  });
  return {
    kind: 'new-run',
    step: 'job',
    previousRunId: description.runId,
    runId: handle.firstExecutionRunId,
    reason: target.reason,
    caller: target.caller,
  };
}
