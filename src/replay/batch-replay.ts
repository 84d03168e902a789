import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import type { TaskmasterConfig } from '../config/schema';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import { CaseIdAttribute, JobTypeAttribute } from '../contracts/search-attributes';
import { bulkReplayId } from '../contracts/workflow-ids';
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

/**
 * Bulk replay with a Temporal batch reset: every closed job or investigation of this deployment matching the
 * filter is reset to its first workflow task and runs again on today's workers. The batch id reads its progress.
 */
export async function startBulkReplay(client: Client, config: TaskmasterConfig, request: BulkReplayRequest, caller: string) {
  // SLA alert workflows share the queue; replaying one would only send its alert again.
  const query = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType)
    .equals('ExecutionStatus', executionStatusQueryValue[request.status])
    .equals(JobTypeAttribute, request.type)
    .equals(CaseIdAttribute, request.caseId)
    .atLeast('CloseTime', request.since)
    .toString();
  const matching = (await client.workflow.count(query)).count;
  const batchId = bulkReplayId(randomUUID());
  await client.workflowService.startBatchOperation({
    namespace: client.options.namespace,
    jobId: batchId,
    reason: `${request.reason} (requested by ${caller})`,
    visibilityQuery: query,
    resetOperation: { identity: caller, options: { firstWorkflowTask: {} } },
  });
  return { batchId, query, matching };
}

export async function describeBulkReplay(client: Client, batchId: string) {
  const response = await client.workflowService.describeBatchOperation({ namespace: client.options.namespace, jobId: batchId });
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
