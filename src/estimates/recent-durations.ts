import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import type { temporal } from '@temporalio/proto';
import type { LoadedConfig } from '../config/load-config';
import { JobTypeAttribute, QueueWaitAttribute } from '../contracts/search-attributes';
import { deploymentWorkflows } from '../temporal/visibility-query';
import type { RunSample } from './duration-model';

/** How far back, and how many runs, the estimate learns from (duration-model.ts reads the newest of them). */
export const recentSample = { runs: 100, windowMs: 60 * 60_000 } as const;

/**
 * The most recent completed runs of one workflow type in the last hour, newest first, from visibility: their job
 * type, duration (start to close, ms) and queue wait (TaskmasterQueueWaitMs, 0 for runs from before it was set).
 * Of every job type, or of one with `jobType` (a type too rare to be among the last runs of all). Failed and
 * canceled runs are left out: they say nothing about how long finishing takes.
 */
export async function recentRuns(
  config: LoadedConfig,
  client: Client,
  workflowType: string,
  jobType?: string,
): Promise<Array<RunSample & { runId: string }>> {
  const query = deploymentWorkflows(config, workflowType)
    .equals(JobTypeAttribute, jobType)
    .equals('ExecutionStatus', 'Completed')
    .atLeast('CloseTime', new Date(Date.now() - recentSample.windowMs));
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query: query.toString(),
    pageSize: jobType === undefined ? recentSample.runs : 20,
  });
  return response.executions
    .map((execution) => sampleOf(execution))
    .filter((run): run is Timed => run !== undefined)
    .sort((a, b) => b.closedAtMs - a.closedAtMs)
    .map(({ closedAtMs: _closedAtMs, ...run }) => run);
}

type Timed = RunSample & { runId: string; closedAtMs: number };

function sampleOf(execution: temporal.api.workflow.v1.IWorkflowExecutionInfo): Timed | undefined {
  const closedAtMs = millis(execution.closeTime);
  const durationMs = closedAtMs - millis(execution.startTime);
  if (!Number.isFinite(durationMs) || durationMs < 0) return undefined;
  const attributes = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields ?? {});
  const jobType = attributes.get(JobTypeAttribute);
  if (jobType === undefined) return undefined;
  const queueWaitMs = Number(attributes.get(QueueWaitAttribute) ?? 0);
  return {
    runId: execution.execution?.runId ?? '',
    jobType,
    durationMs,
    queueWaitMs: Number.isFinite(queueWaitMs) ? queueWaitMs : 0,
    closedAtMs,
  };
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!time) return NaN;
  return Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}
