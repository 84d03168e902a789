import type { WorkflowStartOptions } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import { type JobWorkflowInput } from '../contracts/job-workflow';
import { resolveJobRoute } from './job-route';
import { resolveFairness, resolveJobSla } from './job-sla';
import type { SubmitJobRequest } from './job-request';
import { startSearchAttributes } from './start-search-attributes';
import { jobDetails, jobSummary } from './job-summary';
import { jobWorkflowId } from '../contracts/workflow-ids';

export interface JobStart {
  jobId: string;
  input: JobWorkflowInput;
  /** What `client.workflow.start(jobWorkflowType, options)` needs, all resolved from temporal.yaml now. */
  options: WorkflowStartOptions & { args: [JobWorkflowInput] };
}

/**
 * How a job request becomes a workflow start: its route, SLA and fairness resolved from config, its search
 * attributes (the tenant and the submitter's subject among them), summary and details. The facade starts jobs
 * with it, and the throughput benchmark's direct path too, so that both start the very same workflow.
 */
export function jobStart(config: LoadedConfig, request: SubmitJobRequest, jobId: string, submittedAt: Date, submitter?: string): JobStart {
  const priority = request.priority ?? config.defaultPriority;
  const sla = resolveJobSla(config, request.type, priority, submittedAt);
  const fairness = resolveFairness(config, request.tenant, request.caseId);
  const input: JobWorkflowInput = {
    jobId,
    type: request.type,
    priority,
    data: request.data,
    submittedAt: submittedAt.toISOString(),
    route: resolveJobRoute(config, request.type, priority),
    ...(request.name === undefined ? {} : { name: request.name }),
    ...(request.caseId === undefined ? {} : { caseId: request.caseId }),
    ...(sla === undefined ? {} : { sla }),
    ...(fairness === undefined ? {} : { fairness }),
    ...(request.dependsOn?.length ? { dependsOn: request.dependsOn } : {}),
  };
  return {
    jobId,
    input,
    options: {
      workflowId: jobWorkflowId(jobId),
      taskQueue: orchestrationTaskQueue(config),
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      priority: {
        priorityKey: input.route.priorityKey,
        ...(fairness ? { fairnessKey: fairness.key, fairnessWeight: fairness.weight } : {}),
      },
      // What the job view shows and visibility cannot hold: the name, the tenant (the fairness key may be the case)
      // and the dependencies.
      memo: {
        ...(request.name === undefined ? {} : { name: request.name }),
        ...(request.tenant === undefined ? {} : { tenant: request.tenant }),
        ...(request.dependsOn?.length ? { dependsOn: request.dependsOn } : {}),
      },
      typedSearchAttributes: startSearchAttributes({
        id: jobId,
        type: request.type,
        priority,
        status: request.dependsOn?.length ? 'WAITING' : 'SCHEDULED',
        caseId: request.caseId,
        tenant: request.tenant,
        submitter,
        fairness,
        sla,
      }),
      staticSummary: jobSummary(input),
      staticDetails: jobDetails(input),
    },
  };
}
