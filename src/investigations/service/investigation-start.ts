import type { WorkflowStartOptions } from '@temporalio/client';
import type { LoadedConfig } from '../../config/load-config';
import { agentTaskQueue, orchestrationTaskQueue } from '../../config/task-queues';
import type { InvestigationWorkflowInput } from '../../contracts/investigation-workflow';
import { resolvedRetry } from '../../contracts/retry-policy';
import { investigationWorkflowId } from '../../contracts/workflow-ids';
import { nonRetryableFailureTypes } from '../../errors/failure-types';
import { resolveFairness, resolveJobSla } from '../../jobs/job-sla';
import { startSearchAttributes } from '../../jobs/start-search-attributes';
import type { InvestigationDefinition } from '../definition-schema';
import type { StartInvestigationRequest } from './investigation-request';

/** The job type search attribute of every investigation, so that the Web UI tells them from single jobs. */
export const investigationJobType = 'INVESTIGATION';

/** How long a step may run when its definition names no timeout. */
const defaultStepTimeoutMs = 600_000;

/**
 * How a validated investigation request becomes a workflow start: everything the interpreter needs resolved from
 * temporal.yaml now (queues, retry policies, SLA, fairness) and the templates its `use:` steps run, so a replay never
 * depends on today's config or template files.
 */
export function investigationStart(
  config: LoadedConfig,
  request: StartInvestigationRequest,
  definition: InvestigationDefinition,
  templates: ReadonlyMap<string, InvestigationDefinition>,
  investigationId: string,
  submittedAt: Date,
  submitter?: string,
): WorkflowStartOptions & { args: [InvestigationWorkflowInput] } {
  const priority = request.priority ?? config.defaultPriority;
  const sla = resolveJobSla(config, investigationJobType, priority, submittedAt);
  const fairness = resolveFairness(config, request.tenant, request.caseId);
  const input: InvestigationWorkflowInput = {
    investigationId,
    priority,
    priorityKey: config.priorities[priority].priorityKey,
    submittedAt: submittedAt.toISOString(),
    definition,
    input: request.input,
    agentTaskQueues: Object.fromEntries(Object.keys(config.agents).map((agent) => [agent, agentTaskQueue(config, agent)])),
    retryPolicies: Object.fromEntries(Object.entries(config.retryPolicies).map(([name, policy]) => [name, resolvedRetry(policy)])),
    templates: Object.fromEntries(templates),
    defaultStepTimeoutMs,
    // Only workflow code throws the expression and reference errors; an activity never does.
    nonRetryableErrorTypes: [...nonRetryableFailureTypes],
    ...(request.caseId === undefined ? {} : { caseId: request.caseId }),
    ...(sla === undefined ? {} : { sla }),
    ...(fairness === undefined ? {} : { fairness }),
  };
  return {
    workflowId: investigationWorkflowId(investigationId),
    taskQueue: orchestrationTaskQueue(config),
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    // The definition's name, so that lists (which read visibility, not the history) can show it.
    memo: { name: definition.name },
    priority: { priorityKey: input.priorityKey, ...(fairness ? { fairnessKey: fairness.key, fairnessWeight: fairness.weight } : {}) },
    typedSearchAttributes: startSearchAttributes({
      id: investigationId,
      type: investigationJobType,
      priority,
      status: 'RUNNING',
      caseId: request.caseId,
      tenant: request.tenant,
      submitter,
      fairness,
      sla,
    }),
    staticSummary: [`investigation ${definition.name}`, priority, request.caseId ? `case ${request.caseId}` : undefined]
      .filter(Boolean)
      .join(' · '),
    staticDetails: definition.steps.map(stepLine).join('\n'),
  };
}

/** A step as one line of the investigation's details in the Web UI. */
function stepLine(step: InvestigationDefinition['steps'][number]): string {
  const what = step.use ? `template \`${step.use}\`` : `\`${step.action}\` (${step.agent})`;
  return `- **${step.name}**: ${what}${step.dependsOn.length ? ` after ${step.dependsOn.join(', ')}` : ''}`;
}
