import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { LoadedConfig } from '../config/load-config';
import { agentTaskQueue, orchestrationTaskQueue } from '../config/task-queues';
import {
  investigationProgressQuery,
  investigationWorkflowId,
  investigationWorkflowType,
  type InvestigationProgress,
  type InvestigationResult,
  type InvestigationWorkflowInput,
} from '../contracts/investigation-workflow';
import { CaseIdAttribute, JobTypeAttribute, PriorityAttribute } from '../contracts/search-attributes';
import { nonRetryableFailureTypes } from '../errors/failure-types';
import { HttpError, validationError } from '../http/http-error';
import type { InvestigationDefinition } from '../investigations/definition-schema';
import { validateInvestigationInput } from '../investigations/input-schema';
import { validateDefinition } from '../investigations/validate-definition';
import { resolvedRetry } from '../jobs/job-route';
import { resolveFairness, resolveJobSla } from '../jobs/job-sla';
import { startSearchAttributes } from '../jobs/start-search-attributes';
import { executionStatusQueryValue, jobStatusOf } from '../jobs/job-status';
import type { ListJobsQuery } from '../jobs/job-request';
import { workflowWebUiUrl, type WebUiLinks } from '../jobs/job-view';
import { newJobId } from '../jobs/request-fingerprint';
import { catalogFromConfig } from './catalog-from-config';
import type { StartInvestigationRequest } from './investigation-request';
import { stepAttempts } from './step-attempts';

/** The job type search attribute of every investigation, so that the Web UI tells them from single jobs. */
export const investigationJobType = 'INVESTIGATION';

export class InvestigationService {
  private readonly taskQueue: string;

  constructor(
    private readonly config: LoadedConfig,
    private readonly client: Client,
    private readonly links: WebUiLinks,
    private readonly templates: ReadonlyMap<string, InvestigationDefinition>,
    private readonly eagerStart = false,
  ) {
    this.taskQueue = orchestrationTaskQueue(config);
  }

  listTemplates(): InvestigationDefinition[] {
    return [...this.templates.values()];
  }

  /** Validates everything before anything starts: the definition (every problem), then the input against it. */
  async start(
    request: StartInvestigationRequest,
  ): Promise<{ created: boolean; investigationId: string; workflowId: string; runId: string }> {
    const definition = this.definitionOf(request);
    const inputProblems = validateInvestigationInput(definition, request.input);
    if (inputProblems.length > 0) {
      throw validationError(
        inputProblems.map((problem) => ({ path: `input${problem.path ? `.${problem.path}` : ''}`, message: problem.message })),
      );
    }
    const priority = request.priority ?? this.config.defaultPriority;
    const investigationId = newJobId(request.idempotencyKey);
    const workflowId = investigationWorkflowId(investigationId);
    const submittedAt = new Date();
    const sla = resolveJobSla(this.config, investigationJobType, priority, submittedAt);
    const fairness = resolveFairness(this.config, request.tenant, request.caseId);
    const input: InvestigationWorkflowInput = {
      investigationId,
      priority,
      priorityKey: this.config.priorities[priority].priorityKey,
      submittedAt: submittedAt.toISOString(),
      definition,
      input: request.input,
      agentTaskQueues: Object.fromEntries(Object.keys(this.config.agents).map((agent) => [agent, agentTaskQueue(this.config, agent)])),
      retryPolicies: Object.fromEntries(Object.entries(this.config.retryPolicies).map(([name, policy]) => [name, resolvedRetry(policy)])),
      templates: Object.fromEntries(this.templates),
      defaultStepTimeoutMs: 600_000,
      nonRetryableErrorTypes: [...nonRetryableFailureTypes],
      ...(request.caseId === undefined ? {} : { caseId: request.caseId }),
      ...(sla === undefined ? {} : { sla }),
      ...(fairness === undefined ? {} : { fairness }),
    };
    try {
      const handle = await this.client.workflow.start(investigationWorkflowType, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        requestEagerStart: this.eagerStart,
        priority: { priorityKey: input.priorityKey, ...(fairness ? { fairnessKey: fairness.key, fairnessWeight: fairness.weight } : {}) },
        typedSearchAttributes: startSearchAttributes({
          id: investigationId,
          type: investigationJobType,
          priority,
          status: 'RUNNING',
          caseId: request.caseId,
          fairness,
          sla,
        }),
        staticSummary: [`investigation ${definition.name}`, priority, request.caseId ? `case ${request.caseId}` : undefined]
          .filter(Boolean)
          .join(' · '),
        staticDetails: definition.steps
          .map(
            (step) =>
              `- **${step.name}**: ${step.use ? `template \`${step.use}\`` : `\`${step.action}\` (${step.agent})`}` +
              (step.dependsOn.length ? ` after ${step.dependsOn.join(', ')}` : ''),
          )
          .join('\n'),
      });
      return { created: true, investigationId, workflowId, runId: handle.firstExecutionRunId };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) || request.idempotencyKey === undefined) throw error;
      const description = await this.client.workflow.getHandle(workflowId).describe();
      return { created: false, investigationId, workflowId, runId: description.runId };
    }
  }

  private definitionOf(request: StartInvestigationRequest): InvestigationDefinition {
    if (request.template !== undefined) {
      const template = this.templates.get(request.template);
      if (!template) {
        throw validationError([
          { path: 'template', message: `unknown template "${request.template}"; templates: ${[...this.templates.keys()].join(', ')}` },
        ]);
      }
      return template;
    }
    const result = validateDefinition(request.definition, catalogFromConfig(this.config, [...this.templates.keys()]));
    if (!result.ok)
      throw validationError(
        result.problems.map((problem) => ({ path: `definition${problem.path ? `.${problem.path}` : ''}`, message: problem.message })),
      );
    return result.definition;
  }

  async get(investigationId: string) {
    const handle = this.client.workflow.getHandle(investigationWorkflowId(investigationId));
    const description = await handle.describe();
    if (description.type !== investigationWorkflowType || description.taskQueue !== this.taskQueue) {
      throw new HttpError(404, 'NOT_FOUND', `no investigation ${investigationId}`);
    }
    const status = jobStatusOf(description.status.name);
    let progress: InvestigationProgress | undefined;
    let error: { type?: string; message: string } | undefined;
    let result: InvestigationResult | undefined;
    if (status === 'RUNNING') {
      progress = await this.client.withDeadline(Date.now() + 2_000, () => handle.query(investigationProgressQuery)).catch(() => undefined);
    } else {
      try {
        result = (await handle.result()) as InvestigationResult;
      } catch (failure) {
        const cause = failure instanceof WorkflowFailedError ? failure.cause : failure;
        error = {
          message: cause instanceof Error ? cause.message : String(cause),
          ...(cause instanceof ApplicationFailure && cause.type ? { type: cause.type } : {}),
        };
      }
      progress = await this.client.withDeadline(Date.now() + 2_000, () => handle.query(investigationProgressQuery)).catch(() => undefined);
    }
    const attempts = await stepAttempts(this.client, description.workflowId, description.runId);
    const steps = (progress?.steps ?? result?.steps ?? []).map((step) => ({ ...step, attempts: attempts.get(step.name) ?? 0 }));
    return {
      investigationId,
      workflowId: description.workflowId,
      runId: description.runId,
      name: progress?.name ?? result?.name,
      caseId: description.typedSearchAttributes.get(CaseIdAttribute),
      priority: description.typedSearchAttributes.get(PriorityAttribute),
      status,
      state: progress?.state,
      progress: progress?.progress ?? (status === 'COMPLETED' ? 1 : undefined),
      steps,
      ...(result ? { outputs: result.outputs } : {}),
      ...(error ? { error } : {}),
      startedAt: description.startTime.toISOString(),
      ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
      webUiUrl: workflowWebUiUrl(this.links, description.workflowId, description.runId),
    };
  }

  async list(query: ListJobsQuery) {
    const clauses = [
      `WorkflowType = "${investigationWorkflowType}"`,
      `TaskQueue = "${this.taskQueue}"`,
      `${JobTypeAttribute.name} = "${investigationJobType}"`,
    ];
    if (query.status) clauses.push(`ExecutionStatus = "${executionStatusQueryValue[query.status]}"`);
    if (query.priority) clauses.push(`${PriorityAttribute.name} = "${query.priority}"`);
    if (query.caseId) clauses.push(`${CaseIdAttribute.name} = "${query.caseId}"`);
    const investigations = [];
    for await (const info of this.client.workflow.list({ query: clauses.join(' AND '), pageSize: query.pageSize })) {
      investigations.push({
        investigationId: info.workflowId.replace(/^investigation-/, ''),
        workflowId: info.workflowId,
        runId: info.runId,
        caseId: info.typedSearchAttributes.get(CaseIdAttribute),
        priority: info.typedSearchAttributes.get(PriorityAttribute),
        status: jobStatusOf(info.status.name),
        startedAt: info.startTime.toISOString(),
        ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
        webUiUrl: workflowWebUiUrl(this.links, info.workflowId, info.runId),
      });
      if (investigations.length >= query.pageSize) break;
    }
    return { investigations };
  }
}
