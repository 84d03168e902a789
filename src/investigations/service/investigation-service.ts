import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import type { Principal } from '../../auth/principal';
import { submissionTenant } from '../../auth/tenant-rule';
import { tenantScopeOf, type TenantScope } from '../../auth/tenant-scope';
import type { LoadedConfig } from '../../config/load-config';
import { orchestrationTaskQueue } from '../../config/task-queues';
import {
  investigationProgressQuery,
  investigationWorkflowType,
  type InvestigationProgress,
  type InvestigationResult,
} from '../../contracts/investigation-workflow';
import { JobTypeAttribute, PriorityAttribute, CaseIdAttribute, TenantAttribute } from '../../contracts/search-attributes';
import { investigationWorkflowId } from '../../contracts/workflow-ids';
import { ConflictError, InvalidInputError } from '../../errors/domain-errors';
import { underField } from '../../errors/field-problems';
import type { ListJobsQuery } from '../../jobs/job-request';
import { executionStatusQueryValue, jobStatusOf } from '../../jobs/job-status';
import type { WebUiLinks } from '../../jobs/job-view';
import { newJobId } from '../../jobs/request-fingerprint';
import { CompletionEstimator } from '../../estimates/completion-estimator';
import { estimatedCompletionOf } from '../../estimates/estimated-completion';
import { recordSubmission } from '../../metrics/facade-metrics';
import { describeOwnWorkflow, type OwnWorkflow } from '../../temporal/describe-own-workflow';
import { currentRunPage } from '../../temporal/current-runs';
import { actingAs, type ActingClients } from '../../temporal/principal-clients';
import { deploymentWorkflows } from '../../temporal/visibility-query';
import { catalogFromConfig } from './catalog-from-config';
import type { InvestigationDefinition } from '../definition-schema';
import { validateInvestigationInput } from '../input-schema';
import type { StartInvestigationRequest } from './investigation-request';
import { investigationJobType, investigationStart } from './investigation-start';
import { rerunInvestigation } from './investigation-rerun';
import type { Rerun } from '../../replay/rerun';
import type { RerunRequest } from '../../replay/rerun-request';
import { investigationSummaryOf, type InvestigationDetails, type InvestigationSummary, type StepRetry } from './investigation-view';
import { stepRetries } from './step-retries';
import { stepInputProblems } from './step-input-check';
import { actionInputSchema } from '../../jobs/job-data-schemas';
import { stepAttempts } from './step-attempts';
import { validateDefinition } from '../validate-definition';

export interface StartedInvestigation {
  /** false when the idempotency key named an investigation that already existed. */
  created: boolean;
  investigationId: string;
  workflowId: string;
  runId: string;
}

/**
 * Every investigation operation the facade offers, each one a Temporal client call: no state of its own. Reads and
 * actions take the caller's tenant scope: another tenant's investigation is not found, in lists and on every id.
 */
export class InvestigationService {
  private readonly ownInvestigations: { workflowType: string; taskQueue: string };

  constructor(
    private readonly config: LoadedConfig,
    private readonly client: Client,
    private readonly links: WebUiLinks,
    private readonly templates: ReadonlyMap<string, InvestigationDefinition>,
    private readonly eagerStart = false,
    private readonly estimator = new CompletionEstimator(config, client),
    /** The clients that start and cancel for a principal, so that the history names who did (its identity). */
    private readonly acting: ActingClients = actingAs(client),
  ) {
    this.ownInvestigations = { workflowType: investigationWorkflowType, taskQueue: orchestrationTaskQueue(config) };
  }

  listTemplates(): InvestigationDefinition[] {
    return [...this.templates.values()];
  }

  /**
   * Validates everything before anything starts: the tenant against the principal's (submissionTenant), the
   * definition (every problem), then the input against it.
   */
  async start(body: StartInvestigationRequest, principal: Principal): Promise<StartedInvestigation> {
    const tenant = submissionTenant(principal, body.tenant);
    const request: StartInvestigationRequest = { ...body, ...(tenant === undefined ? {} : { tenant }) };
    const definition = this.definitionOf(request);
    const inputProblems = validateInvestigationInput(definition, request.input);
    // The problems already name their field from the request's root (input.entity).
    if (inputProblems.length > 0) throw new InvalidInputError(inputProblems);
    // What the steps' agents would refuse later, refused now, before the first step does its work.
    const schemaOf = (agent: string, action: string) => actionInputSchema(this.config, agent, action);
    const stepProblems = stepInputProblems(definition, request.input, schemaOf, this.templates);
    if (stepProblems.length > 0) throw new InvalidInputError(stepProblems);
    const investigationId = newJobId(request.idempotencyKey, tenant);
    const options = investigationStart(this.config, request, definition, this.templates, investigationId, new Date(), principal.subject);
    try {
      const handle = await this.acting
        .for(principal)
        .workflow.start(investigationWorkflowType, { ...options, requestEagerStart: this.eagerStart });
      recordSubmission('investigation', investigationJobType, request.priority ?? this.config.defaultPriority);
      return { created: true, investigationId, workflowId: options.workflowId, runId: handle.firstExecutionRunId };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) || request.idempotencyKey === undefined) throw error;
      const description = await this.client.workflow.getHandle(options.workflowId).describe();
      if (description.typedSearchAttributes.get(TenantAttribute) !== tenant) {
        // Only a crafted key gets here (the tenant is part of the id's derivation): say nothing of the other one.
        throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'this idempotencyKey cannot be used; use a new key');
      }
      return { created: false, investigationId, workflowId: options.workflowId, runId: description.runId };
    }
  }

  private definitionOf(request: StartInvestigationRequest): InvestigationDefinition {
    if (request.template !== undefined) {
      const template = this.templates.get(request.template);
      if (!template) {
        const known = [...this.templates.keys()].join(', ');
        throw new InvalidInputError([{ path: 'template', message: `unknown template "${request.template}"; templates: ${known}` }]);
      }
      return template;
    }
    const result = validateDefinition(request.definition, catalogFromConfig(this.config, [...this.templates.keys()]));
    if (!result.ok) throw new InvalidInputError(underField('definition', result.problems));
    return result.definition;
  }

  private own(scope: TenantScope): OwnWorkflow {
    return { ...this.ownInvestigations, scope };
  }

  /** An investigation of the scope's tenants; any other (unknown, or another tenant's) is a NotFoundError. */
  async get(investigationId: string, scope: TenantScope): Promise<InvestigationDetails> {
    const workflowId = investigationWorkflowId(investigationId);
    const description = await describeOwnWorkflow(this.client, workflowId, this.own(scope), `no investigation ${investigationId}`);
    const handle = this.client.workflow.getHandle(workflowId);
    const summary = investigationSummaryOf(description, this.links);
    let error: InvestigationDetails['error'];
    let result: InvestigationResult | undefined;
    if (summary.status !== 'RUNNING') {
      try {
        result = (await handle.result()) as InvestigationResult;
      } catch (failure) {
        const cause = failure instanceof WorkflowFailedError ? failure.cause : failure;
        error = {
          message: cause instanceof Error ? cause.message : String(cause),
          ...(cause instanceof ApplicationFailure && cause.type ? { type: cause.type } : {}),
        };
      }
    }
    const progress = await this.queryProgress(handle);
    const attempts = await stepAttempts(this.client, description.workflowId, description.runId);
    const retries = summary.status === 'RUNNING' ? stepRetries(description.raw.pendingActivities ?? []) : new Map<string, StepRetry>();
    const steps = (progress?.steps ?? result?.steps ?? []).map((step) => {
      const retry = step.state === 'RUNNING' ? retries.get(step.name) : undefined;
      // A step waiting for its next attempt has started attempt - 1 times so far; the history counts only starts.
      const counted = attempts.get(step.name) ?? 0;
      if (!retry) return { ...step, attempts: counted };
      return { ...step, attempts: Math.max(counted, retry.attempt - (retry.activityState === 'STARTED' ? 0 : 1)), retry };
    });
    const name = progress?.name ?? result?.name ?? summary.name;
    const progressShare = progress?.progress ?? (summary.status === 'COMPLETED' ? 1 : undefined);
    return {
      ...summary,
      estimatedCompletion: await estimatedCompletionOf(this.estimator, description),
      ...(name === undefined ? {} : { name }),
      ...(progress ? { state: progress.state } : {}),
      ...(progressShare === undefined ? {} : { progress: progressShare }),
      steps,
      ...(result ? { outputs: result.outputs } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** Best effort: a query needs a workflow worker, and an investigation's status must not wait on one. */
  private queryProgress(handle: WorkflowHandle): Promise<InvestigationProgress | undefined> {
    return this.client.withDeadline(Date.now() + 2_000, () => handle.query(investigationProgressQuery)).catch(() => undefined);
  }

  /**
   * Requests cancellation as the principal (the request's identity), inside its tenant scope; the workflow
   * compensates the completed steps, as on any cancellation.
   */
  async cancel(investigationId: string, principal: Principal): Promise<{ investigationId: string; status: 'CANCEL_REQUESTED' }> {
    const workflowId = investigationWorkflowId(investigationId);
    const scope = tenantScopeOf(principal);
    const description = await describeOwnWorkflow(this.client, workflowId, this.own(scope), `no investigation ${investigationId}`);
    const status = jobStatusOf(description.status.name);
    if (status !== 'RUNNING') {
      throw new ConflictError('INVESTIGATION_NOT_RUNNING', `investigation ${investigationId} is ${status} and cannot be canceled`);
    }
    await this.acting.for(principal).workflow.getHandle(workflowId, description.runId).cancel();
    return { investigationId, status: 'CANCEL_REQUESTED' };
  }

  /**
   * Reruns a closed investigation as the principal: the reset or new run is requested with the principal's client,
   * so its history's identity names who asked (REST and GraphQL both come here), inside the principal's tenant scope.
   */
  async replay(investigationId: string, request: RerunRequest, principal: Principal): Promise<Rerun> {
    return rerunInvestigation(this.acting.for(principal), this.config, investigationId, request, {
      subject: principal.subject,
      scope: tenantScopeOf(principal),
    });
  }

  /** The investigations of the scope's tenants only: the filter is part of the visibility query. */
  async list(
    query: Omit<ListJobsQuery, 'type'>,
    scope: TenantScope,
  ): Promise<{ investigations: InvestigationSummary[]; nextPageToken?: string }> {
    const visibilityQuery = deploymentWorkflows(this.config, investigationWorkflowType)
      .within(scope)
      .equals(JobTypeAttribute, investigationJobType)
      .equals('ExecutionStatus', query.status && executionStatusQueryValue[query.status])
      .equals(PriorityAttribute, query.priority)
      .equals(CaseIdAttribute, query.caseId);
    const page = await currentRunPage(this.client, visibilityQuery.toString(), query.pageSize, query.pageToken);
    const { loadedDataConverter, namespace } = this.client.options;
    const investigations = await Promise.all(
      page.executions.map(async (raw) =>
        investigationSummaryOf(await executionInfoFromRaw(raw, loadedDataConverter, raw, namespace), this.links),
      ),
    );
    return { investigations, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }
}
