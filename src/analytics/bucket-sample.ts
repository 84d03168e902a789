/**
 * A sample of a bucket's closed jobs, to place the percentile searches' first counts (sample-seeds.ts): one page of
 * ListWorkflowExecutions, its jobs' durations (Temporal's ExecutionDuration, of the completed ones) and queue waits
 * (TaskmasterQueueWaitMs). One page costs the visibility store about what one count of the bucket does (it reads
 * the bucket's rows once), and saves several counts of it: measured in docs/benchmarks.md.
 *
 * A page is the newest closes (visibility's order), and the newest are not like the rest (the last jobs of a burst
 * ran on a quieter machine: measured, their p95 duration 22% below the bucket's). So when the bucket holds more
 * jobs than a page, the page asks only for the jobs whose workflow id starts with `job-` and a few given hex digits,
 * enough of them that the expected matches fit in a page: job ids are UUIDs (random, or a hash of the idempotency
 * key), so those jobs are a random draw from the whole bucket. The counts that follow make the result exact to its
 * bound whatever the page holds, and a page that fails (a store without STARTS_WITH) only leaves the searches
 * unseeded.
 */
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { temporal } from '@temporalio/proto';
import { QueueWaitAttribute } from '../contracts/search-attributes';
import { jobWorkflowId } from '../contracts/workflow-ids';
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

/**
 * The workflow id prefix that leaves about `pageSize` x 0.8 or fewer of `closed` jobs (none when all fit): `job-`
 * and as many hex digits as needed, taken from `salt` so that buckets sample different slices of the id space.
 */
export function samplePrefix(closed: number, pageSize: number, salt: number): string | undefined {
  let digits = 0;
  while (closed / 16 ** digits > pageSize * 0.8 && digits < 8) digits += 1;
  if (digits === 0) return undefined;
  const hex = Math.abs(Math.trunc(salt)).toString(16).padStart(digits, '0').slice(-digits);
  return jobWorkflowId(hex);
}

/**
 * One page of the jobs `closedIn` selects (closed in the bucket, `closed` of them by the counts), or of a random
 * slice of them (samplePrefix), as a sample of their durations and queue waits; undefined when the list failed.
 */
export async function sampleClosed(
  closedIn: VisibilityQuery,
  list: ListPage,
  closed: number,
  salt: number,
  pageSize = samplePageSize,
): Promise<ClosedSample | undefined> {
  let prefix = samplePrefix(closed, pageSize, salt);
  const query = prefix === undefined ? closedIn : closedIn.startsWith('WorkflowId', prefix);
  let page = await list(query.toString(), pageSize).catch(() => undefined);
  // A store that refuses STARTS_WITH answers at once: the newest page is a sample still, if a biased one.
  if (!page && prefix !== undefined) {
    prefix = undefined;
    page = await list(closedIn.toString(), pageSize).catch(() => undefined);
  }
  if (!page) return undefined;
  const { executions, more } = page;
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
  return { durationsMs, queueWaitsMs, complete: prefix === undefined && !more && executions.length < pageSize };
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
