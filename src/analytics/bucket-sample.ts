/**
 * A sample of a bucket's closed jobs, to place the percentile searches' first counts (sample-seeds.ts): one page of
 * ListWorkflowExecutions, its jobs' durations (Temporal's ExecutionDuration, of the completed ones) and queue waits
 * (TaskmasterQueueWaitMs). One page costs the visibility store about what one count of the bucket does (it reads
 * the bucket's rows once), and saves several counts of it: measured in docs/benchmarks.md. The page is the newest
 * closes (visibility's order), not a random draw: the counts that follow make the result exact to its bound
 * whatever the page holds.
 */
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { temporal } from '@temporalio/proto';
import { QueueWaitAttribute } from '../contracts/search-attributes';
import type { VisibilityQuery } from '../temporal/visibility-query';

type ExecutionInfo = temporal.api.workflow.v1.IWorkflowExecutionInfo;

/** A query's first page of at most `pageSize` runs, and whether more follow: the caller caps how many run at once. */
export type ListPage = (query: string, pageSize: number) => Promise<{ executions: ExecutionInfo[]; more: boolean }>;

/** ListPage through a Temporal client: the raw service call, so that no memo is decoded (none is read here). */
export function listPageOf(client: Client): ListPage {
  return async (query, pageSize) => {
    const response = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, pageSize });
    return { executions: response.executions, more: (response.nextPageToken?.length ?? 0) > 0 };
  };
}

export interface ClosedSample {
  /** ExecutionDuration of the completed jobs of the page, ms. */
  durationsMs: number[];
  /** TaskmasterQueueWaitMs of the page's jobs that have it. */
  queueWaitsMs: number[];
  /** The page held every closed job of the bucket (it was not full, and no page followed). */
  complete: boolean;
}

/** Jobs per sample page: enough that p95's bracket spans a few grid steps, few enough to decode in a few ms. */
export const samplePageSize = 1_000;

/** One page of the jobs `closedIn` selects (closed in the bucket), as a sample of their durations and queue waits. */
export async function sampleClosed(closedIn: VisibilityQuery, list: ListPage, pageSize = samplePageSize): Promise<ClosedSample> {
  const { executions, more } = await list(closedIn.toString(), pageSize);
  const durationsMs: number[] = [];
  const queueWaitsMs: number[] = [];
  for (const execution of executions) {
    if (execution.status === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      const duration = durationMs(execution);
      if (duration !== undefined) durationsMs.push(duration);
    }
    // Only the one attribute is decoded: a page holds a thousand runs.
    const field = execution.searchAttributes?.indexedFields?.[QueueWaitAttribute.name];
    const wait = field ? decodeTypedSearchAttributes({ [QueueWaitAttribute.name]: field }).get(QueueWaitAttribute) : undefined;
    if (wait !== undefined && Number.isFinite(Number(wait))) queueWaitsMs.push(Number(wait));
  }
  return { durationsMs, queueWaitsMs, complete: !more && executions.length < pageSize };
}

/** ExecutionDuration as visibility keeps it (ms, fractional), or close minus execution time when it is absent. */
function durationMs(execution: ExecutionInfo): number | undefined {
  const duration = execution.executionDuration;
  if (duration) return Number(duration.seconds ?? 0) * 1000 + (duration.nanos ?? 0) / 1e6;
  const close = millis(execution.closeTime);
  const start = millis(execution.executionTime ?? execution.startTime);
  return Number.isFinite(close - start) ? close - start : undefined;
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!time) return NaN;
  return Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
}
