import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import type { TaskmasterConfig } from '../config/schema';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import { CaseIdAttribute, JobTypeAttribute } from '../contracts/search-attributes';
import { bulkReplayId } from '../contracts/workflow-ids';
import { InvalidInputError, NotFoundError } from '../errors/domain-errors';
import { investigationJobType } from '../investigations/service/investigation-start';
import { allMatchingRuns, currentRunsOnly } from '../temporal/current-runs';
import { deploymentWorkflows } from '../temporal/visibility-query';
import { executionStatusQueryValue } from '../jobs/job-status';
import { caseIdSchema, jobStatusSchema } from '../jobs/job-request';

export const bulkReplayRequestSchema = z
  .object({
    status: jobStatusSchema.exclude(['RUNNING', 'COMPLETED']).default('FAILED'),
    type: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'expected a job type such as FRAUD_DETECTION, or INVESTIGATION')
      .optional(),
    caseId: caseIdSchema.optional(),
    since: z.iso.datetime().optional(),
    reason: z.string().min(1).max(500).default('bulk replay'),
  })
  .strict();
export type BulkReplayRequest = z.infer<typeof bulkReplayRequestSchema>;

export interface StartedBulkReplay {
  /** Absent when nothing matched: no batch was started. */
  batchId?: string;
  query: string;
  /** Jobs and investigations whose current run matched, each reset once. */
  matching: number;
}

/**
 * Bulk replay with a Temporal batch reset: every job or investigation of this deployment whose **current** run
 * matches the filter is reset to its first workflow task and runs again on today's workers. Visibility matches runs,
 * and an old failed run of a job that was since replayed or rerun still matches, so the matching runs are narrowed
 * to the current ones, and the batch resets exactly those executions. The batch id reads its progress. Only the
 * work of the caller's tenant scope is matched: an admin token with a tenant replays that tenant's work alone.
 */
export async function startBulkReplay(
  client: Client,
  config: TaskmasterConfig,
  request: BulkReplayRequest,
  caller: { subject: string; scope: TenantScope },
): Promise<StartedBulkReplay> {
  if (request.type !== undefined && request.type !== investigationJobType && !Object.hasOwn(config.jobTypes, request.type)) {
    const known = [...Object.keys(config.jobTypes), investigationJobType].join(', ');
    throw new InvalidInputError([{ path: 'type', message: `unknown job type "${request.type}"; expected one of: ${known}` }]);
  }
  // SLA alert workflows share the queue; replaying one would only send its alert again.
  const query = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType)
    .within(caller.scope)
    .equals('ExecutionStatus', executionStatusQueryValue[request.status])
    .equals(JobTypeAttribute, request.type)
    .equals(CaseIdAttribute, request.caseId)
    .atLeast('CloseTime', request.since)
    .toString();
  const current = await currentRunsOnly(client, await allMatchingRuns(client, query));
  if (current.length === 0) return { query, matching: 0 };
  const batchId = bulkReplayId(randomUUID());
  await client.workflowService.startBatchOperation({
    namespace: client.options.namespace,
    jobId: batchId,
    reason: `${request.reason} (requested by ${caller.subject})${tenantMark(caller.scope)}`,
    executions: current.map((run) => ({ workflowId: run.execution?.workflowId ?? '', runId: run.execution?.runId ?? '' })),
    resetOperation: { identity: client.options.identity, options: { firstWorkflowTask: {} } },
  });
  return { batchId, query, matching: current.length };
}

/**
 * A batch started with a tenant's token ends its reason with this mark: the batch operation has no other place for
 * it. It comes last, after the caller's text, so no reason can fake another tenant's mark.
 */
const tenantMark = (scope: TenantScope): string => (scope.kind === 'tenant' ? ` [tenant ${JSON.stringify(scope.tenant)}]` : '');

/** Every batch for every tenant; a tenant's only when it bears its mark; none for the no-tenant scope (not an admin). */
function batchInScope(reason: string, scope: TenantScope): boolean {
  switch (scope.kind) {
    case 'every-tenant':
      return true;
    case 'tenant':
      return reason.endsWith(tenantMark(scope));
    case 'no-tenant':
      return false;
  }
}

/** A bulk replay's progress; one started for another tenant is not found, like an unknown batch id. */
export async function describeBulkReplay(client: Client, batchId: string, scope: TenantScope) {
  const response = await client.workflowService.describeBatchOperation({ namespace: client.options.namespace, jobId: batchId });
  if (!batchInScope(response.reason ?? '', scope)) throw new NotFoundError(`no replay ${batchId}`);
  return {
    batchId,
    state: (temporal.api.enums.v1.BatchOperationState[response.state ?? 0] ?? 'UNSPECIFIED').replace('BATCH_OPERATION_STATE_', ''),
    total: Number(response.totalOperationCount ?? 0),
    completed: Number(response.completeOperationCount ?? 0),
    failed: Number(response.failureOperationCount ?? 0),
    reason: response.reason ?? undefined,
    startedAt: response.startTime?.seconds ? new Date(Number(response.startTime.seconds) * 1000).toISOString() : undefined,
    closedAt: response.closeTime?.seconds ? new Date(Number(response.closeTime.seconds) * 1000).toISOString() : undefined,
  };
}
