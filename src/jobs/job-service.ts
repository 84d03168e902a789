import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import type { Principal } from '../auth/principal';
import { submissionTenant } from '../auth/tenant-rule';
import { tenantScopeOf, type TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import type { PriorityClass } from '../config/priority-classes';
import { orchestrationTaskQueue } from '../config/task-queues';
import {
  jobProgressQuery,
  jobWorkflowType,
  type JobProgress,
  type JobWorkflowInput,
  type JobWorkflowResult,
} from '../contracts/job-workflow';
import { CaseIdAttribute, JobTypeAttribute, PriorityAttribute, TenantAttribute } from '../contracts/search-attributes';
import { AtCapacityError, ConflictError, InvalidInputError, NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/field-problems';
import { CompletionEstimator } from '../estimates/completion-estimator';
import { estimatedCompletionOf, submissionEstimate } from '../estimates/estimated-completion';
import { recordSubmission } from '../metrics/facade-metrics';
import { describeOwnWorkflow, type OwnWorkflow } from '../temporal/describe-own-workflow';
import { failureMessageOf } from '../temporal/failure-message';
import { pendingActivityStateName } from '../temporal/pending-activity-state';
import { currentRunPage } from '../temporal/current-runs';
import { actingAs, type ActingClients } from '../temporal/principal-clients';
import { deploymentWorkflows } from '../temporal/visibility-query';
import type { AdmissionControl } from './admission-control';
import { jobStart } from './job-start';
import type { ListJobsQuery, SubmitJobRequest } from './job-request';
import { jobDataSchema } from './job-data-schemas';
import { jobProgressOf } from './job-progress';
import { executionStatusQueryValue } from './job-status';
import { jobViewOf, type JobView, type WebUiLinks } from './job-view';
import { newJobId, requestFingerprint } from './request-fingerprint';
import { rerunJob } from './job-rerun';
import type { Rerun } from '../replay/rerun';
import type { RerunRequest } from '../replay/rerun-request';
import { jobWorkflowId } from '../contracts/workflow-ids';

export interface SubmittedJob {
  /** false when the idempotency key named a job that already existed. */
  created: boolean;
  jobId: string;
  workflowId: string;
  runId: string;
  status: string;
  /** Expected seconds until it completes, at submission (docs/live-api.md#estimated-completion); null when unknown. */
  estimatedTime: number | null;
  estimatedCompletion: string | null;
}

export interface JobDetails extends JobView {
  /** When it completed, or is expected to; null when nobody can tell. */
  estimatedCompletion: string | null;
  result?: unknown;
  error?: { type?: string; message: string };
  progress?: JobProgress;
  step?: { activity: string; state: string; attempt: number; lastFailure?: string };
}

export interface JobPage {
  jobs: JobView[];
  nextPageToken?: string;
}

/**
 * Every job operation the facade offers, each one a Temporal client call: no state of its own. Reads and actions
 * take the caller's tenant scope: another tenant's job is not found, in every list and on every id.
 */
export class JobService {
  private readonly ownJobs: { workflowType: string; taskQueue: string };

  constructor(
    private readonly config: LoadedConfig,
    private readonly client: Client,
    private readonly links: WebUiLinks,
    private readonly admission: AdmissionControl,
    /** Only when this process also runs the orchestration worker on the client's NativeConnection. */
    private readonly eagerStart = false,
    private readonly estimator = new CompletionEstimator(config, client),
    /** The clients that start and cancel for a principal, so that the job's history names who did (its identity). */
    private readonly acting: ActingClients = actingAs(client),
  ) {
    this.ownJobs = { workflowType: jobWorkflowType, taskQueue: orchestrationTaskQueue(config) };
  }

  /**
   * Submits for the principal: the tenant is checked against the token's, or taken from it (submissionTenant), and
   * recorded with the submitter's subject as search attributes. Dependencies must be jobs the principal can see.
   */
  async submit(body: SubmitJobRequest, principal: Principal): Promise<SubmittedJob> {
    const tenant = submissionTenant(principal, body.tenant);
    const request: SubmitJobRequest = { ...body, ...(tenant === undefined ? {} : { tenant }) };
    this.checkTypeAndData(request);
    const priority = request.priority ?? this.config.defaultPriority;
    const jobId = newJobId(request.idempotencyKey, tenant);
    const workflowId = jobWorkflowId(jobId);
    const fingerprint = requestFingerprint({ ...request, priority, idempotencyKey: undefined });
    const submittedAt = new Date();
    const { options } = jobStart(this.config, request, jobId, submittedAt, principal.subject);
    // Read while the job starts; an estimate never fails a submission.
    const estimate = submissionEstimate(this.estimator, { workflowType: jobWorkflowType, jobType: request.type, priority }, submittedAt);
    if (request.dependsOn?.length) await this.checkDependencies(request.dependsOn, tenantScopeOf(principal));
    const releaseAdmission = await this.admitOrFindExisting(priority, request.idempotencyKey, jobId, fingerprint, tenant);
    if (typeof releaseAdmission !== 'function') return releaseAdmission;
    try {
      const handle = await this.acting.for(principal).workflow.start(jobWorkflowType, {
        ...options,
        requestEagerStart: this.eagerStart,
        memo: { ...options.memo, requestFingerprint: fingerprint },
      });
      recordSubmission('job', request.type, priority);
      return { created: true, jobId, workflowId, runId: handle.firstExecutionRunId, status: 'RUNNING', ...(await estimate) };
    } catch (error) {
      releaseAdmission();
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) || request.idempotencyKey === undefined) throw error;
      return this.existingJobForKey(jobId, fingerprint, tenant);
    }
  }

  /** The job type must be one of temporal.yaml's, and the data must match its agent's input schema. */
  private checkTypeAndData(request: SubmitJobRequest): void {
    if (!Object.hasOwn(this.config.jobTypes, request.type)) {
      const known = Object.keys(this.config.jobTypes).join(', ');
      throw new InvalidInputError([{ path: 'type', message: `unknown job type "${request.type}"; expected one of: ${known}` }]);
    }
    parseInput(jobDataSchema(this.config, request.type), request.data, ['data']);
  }

  /**
   * A class at capacity refuses new jobs, but a retried request with an idempotency key still gets the job it
   * already created (or the 409 for a reused key): the key is looked up only then, so admitted submissions pay nothing.
   */
  private async admitOrFindExisting(
    priority: PriorityClass,
    idempotencyKey: string | undefined,
    jobId: string,
    fingerprint: string,
    tenant: string | undefined,
  ) {
    try {
      return await this.admission.admit(priority);
    } catch (error) {
      if (!(error instanceof AtCapacityError) || idempotencyKey === undefined) throw error;
      try {
        return await this.existingJobForKey(jobId, fingerprint, tenant);
      } catch (lookup) {
        if (lookup instanceof WorkflowNotFoundError) throw error;
        throw lookup;
      }
    }
  }

  /**
   * Every dependency must be a job of this deployment that the submitter can see: unknown ids (another tenant's
   * included) are a 400, each named by its index.
   */
  private async checkDependencies(jobIds: readonly string[], scope: TenantScope): Promise<void> {
    const problems = await Promise.all(
      jobIds.map(async (jobId, index) => {
        try {
          await describeOwnWorkflow(this.client, jobWorkflowId(jobId), this.own(scope), `unknown job "${jobId}"`);
          return undefined;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          return { path: `dependsOn.${index}`, message: error.message };
        }
      }),
    );
    const unknown = problems.filter((problem) => problem !== undefined);
    if (unknown.length > 0) throw new InvalidInputError(unknown);
  }

  /** The job an idempotency key already made. Keys are per tenant (newJobId), and the tenant is checked again here. */
  private async existingJobForKey(jobId: string, fingerprint: string, tenant: string | undefined): Promise<SubmittedJob> {
    const description = await this.client.workflow.getHandle(jobWorkflowId(jobId)).describe();
    if (description.typedSearchAttributes.get(TenantAttribute) !== tenant) {
      // Only a crafted key gets here (the tenant is part of the id's derivation): say nothing of the other job.
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'this idempotencyKey cannot be used; use a new key for a new job');
    }
    if (description.memo?.requestFingerprint !== fingerprint) {
      throw new ConflictError(
        'IDEMPOTENCY_KEY_REUSED',
        'this idempotencyKey was already used for a different request; use a new key for a new job',
        { jobId },
      );
    }
    const view = jobViewOf(description, this.links);
    return {
      created: false,
      jobId,
      workflowId: view.workflowId,
      runId: view.runId,
      status: view.status,
      estimatedTime: null,
      estimatedCompletion: view.closedAt ?? null,
    };
  }

  private own(scope: TenantScope): OwnWorkflow {
    return { ...this.ownJobs, scope };
  }

  /** A job of the scope's tenants; any other (unknown, or another tenant's) is a NotFoundError. */
  async get(jobId: string, scope: TenantScope): Promise<JobDetails> {
    const handle = this.client.workflow.getHandle<(input: JobWorkflowInput) => Promise<JobWorkflowResult>>(jobWorkflowId(jobId));
    const description = await describeOwnWorkflow(this.client, jobWorkflowId(jobId), this.own(scope), `no job ${jobId}`);
    const view: JobDetails = {
      ...jobViewOf(description, this.links),
      estimatedCompletion: await estimatedCompletionOf(this.estimator, description),
    };
    if (view.status === 'RUNNING') {
      const pending = description.raw.pendingActivities?.[0];
      if (pending) {
        const lastFailure = await failureMessageOf(this.client, pending.lastFailure);
        view.step = {
          activity: pending.activityType?.name ?? 'unknown',
          state: pendingActivityStateName(pending.state),
          attempt: pending.attempt ?? 1,
          ...(lastFailure ? { lastFailure } : {}),
        };
      }
      // From the description (no replay); the query only for what only the workflow knows (a WAITING job's dependencies).
      const progress = jobProgressOf(this.config, jobId, description) ?? (await this.queryProgress(handle));
      if (progress) view.progress = progress;
      return view;
    }
    try {
      view.result = (await handle.result()).output;
    } catch (error) {
      view.error = describeFailure(error);
    }
    return view;
  }

  /** Best effort: a query needs a workflow worker, and a job's status must not wait on one. */
  private async queryProgress(handle: WorkflowHandle): Promise<JobProgress | undefined> {
    try {
      return await this.client.withDeadline(Date.now() + 2_000, () => handle.query(jobProgressQuery));
    } catch {
      return undefined;
    }
  }

  /** The jobs of the scope's tenants only: the filter is part of the visibility query. */
  async list(query: ListJobsQuery, scope: TenantScope): Promise<JobPage> {
    const visibilityQuery = deploymentWorkflows(this.config, jobWorkflowType)
      .within(scope)
      .equals('ExecutionStatus', query.status && executionStatusQueryValue[query.status])
      .equals(JobTypeAttribute, query.type)
      .equals(PriorityAttribute, query.priority)
      .equals(CaseIdAttribute, query.caseId);
    const page = await currentRunPage(this.client, visibilityQuery.toString(), query.pageSize, query.pageToken);
    const jobs = await Promise.all(
      page.executions.map(async (raw) =>
        jobViewOf(await executionInfoFromRaw(raw, this.client.options.loadedDataConverter, raw, this.client.options.namespace), this.links),
      ),
    );
    return { jobs, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** Requests cancellation as the principal (the request's identity), inside the principal's tenant scope. */
  async cancel(jobId: string, principal: Principal): Promise<{ jobId: string; status: string }> {
    const { status } = await this.get(jobId, tenantScopeOf(principal));
    if (status !== 'RUNNING') throw new ConflictError('JOB_NOT_RUNNING', `job ${jobId} is ${status} and cannot be canceled`);
    await this.acting.for(principal).workflow.getHandle(jobWorkflowId(jobId)).cancel();
    return { jobId, status: 'CANCEL_REQUESTED' };
  }

  /**
   * Reruns a closed job as the principal: the reset or new run is requested with the principal's client, so its
   * history's identity names who asked (REST and GraphQL both come here), inside the principal's tenant scope.
   */
  async replay(jobId: string, request: RerunRequest, principal: Principal): Promise<Rerun> {
    return rerunJob(this.acting.for(principal), this.config, jobId, request, {
      subject: principal.subject,
      scope: tenantScopeOf(principal),
    });
  }
}

/** The failure of a closed job, as one line a person can read. */
function describeFailure(error: unknown): { type?: string; message: string } {
  if (error instanceof WorkflowFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure) return { ...(cause.type ? { type: cause.type } : {}), message: cause.message };
    if (cause instanceof TemporalFailure) return { type: cause.name, message: cause.message };
    return { message: error.message };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
