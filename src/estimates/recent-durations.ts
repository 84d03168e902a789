import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { JobTypeAttribute, PriorityAttribute } from '../contracts/search-attributes';
import { deploymentWorkflows } from '../temporal/visibility-query';

/** How many recent runs, and how far back, the estimate learns from: few enough to follow a change of load. */
export const recentSample = { runs: 20, windowMs: 60 * 60_000 } as const;

/**
 * The durations (start to close, ms) of the most recent completed runs of one workflow type, job type and
 * priority class in the last hour, newest first, from visibility. Failed and canceled runs are left out: they say
 * nothing about how long finishing takes.
 */
export async function recentDurations(
  config: LoadedConfig,
  client: Client,
  workflowType: string,
  jobType: string,
  priority: string,
): Promise<number[]> {
  const query = deploymentWorkflows(config, workflowType)
    .equals(JobTypeAttribute, jobType)
    .equals(PriorityAttribute, priority)
    .equals('ExecutionStatus', 'Completed')
    .atLeast('CloseTime', new Date(Date.now() - recentSample.windowMs));
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query: query.toString(),
    pageSize: recentSample.runs,
  });
  return response.executions
    .map((execution) => millis(execution.closeTime) - millis(execution.startTime))
    .filter((duration) => Number.isFinite(duration) && duration >= 0);
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!time) return NaN;
  return Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}
