/**
 * One bucket's figures, from visibility count queries (CountWorkflowExecutions), so that the cost depends on the
 * number of queries, not on the number of jobs; one page of a list (at most samplePageSize runs) only places the
 * percentile searches' counts. See docs/operations.md, "Historical analytics".
 */
import type { CountWorkflowExecution } from '@temporalio/client';
import { QueueWaitAttribute, SlaBreachedAttribute } from '../contracts/search-attributes';
import type { VisibilityQuery } from '../temporal/visibility-query';
import type { TimeBucket } from './analytics-buckets';
import { sampleClosed, type ListPage } from './bucket-sample';
import { defaultPercentileSearch, estimatePercentiles, type PercentileEstimate } from './percentile-search';
import { searchSeed } from './sample-seeds';

/** A count query's text (with GROUP BY or not) to its answer: the caller caps how many run at once. */
export type CountQuery = (query: string) => Promise<CountWorkflowExecution>;

export interface Percentiles {
  /** How many values the percentiles are of. */
  jobs: number;
  p50: number | null;
  p95: number | null;
}

export interface BucketFigures {
  from: string;
  to: string;
  /** Jobs started (submitted) in the bucket, whatever became of them. */
  submitted: number;
  /** Jobs that closed in the bucket, by how. */
  completed: number;
  failed: number;
  canceled: number;
  terminated: number;
  timedOut: number;
  /** Start to close of the jobs that completed in the bucket (Temporal's ExecutionDuration), ms. */
  durationMs: Percentiles;
  /** Of the jobs with an SLA that closed in the bucket: how many completed without breaching it, and that share. */
  sla: { jobs: number; met: number; compliance: number | null };
  /** Time the steps of each job that closed in the bucket waited in their queues (TaskmasterQueueWaitMs), ms. */
  queueWaitMs: Percentiles;
}

const closedStatuses = {
  Completed: 'completed',
  Failed: 'failed',
  Canceled: 'canceled',
  Terminated: 'terminated',
  TimedOut: 'timedOut',
} as const;
type ClosedCounts = Record<(typeof closedStatuses)[keyof typeof closedStatuses], number>;

/** The counts of a `GROUP BY ExecutionStatus` answer, by closed status. */
function byStatus(answer: CountWorkflowExecution): ClosedCounts {
  const counts: ClosedCounts = { completed: 0, failed: 0, canceled: 0, terminated: 0, timedOut: 0 };
  for (const group of answer.groups) {
    const status = String(group.groupValues[0]);
    const key = closedStatuses[status as keyof typeof closedStatuses] as keyof ClosedCounts | undefined;
    if (key) counts[key] += group.count;
  }
  return counts;
}

/** ExecutionDuration is kept in nanoseconds; a Go duration string such as "1500ms" compares with it exactly. */
const durationLiteral = (ms: number): string => `${ms}ms`;

const noPercentiles: Percentiles = { jobs: 0, p50: null, p95: null };

const fractions = [0.5, 0.95] as const;

async function percentilesOf(
  total: number,
  countBelow: (edgeMs: number) => Promise<number>,
  sample: Promise<{ values: readonly number[]; complete: boolean } | undefined>,
): Promise<Percentiles> {
  if (total === 0) return noPercentiles;
  const seen = await sample;
  const seed = seen && searchSeed(seen.values, seen.complete, fractions, total, defaultPercentileSearch);
  const [p50, p95] = await estimatePercentiles(countBelow, fractions, defaultPercentileSearch, total, seed);
  const ms = (estimate: PercentileEstimate | null | undefined): number | null => (estimate ? Math.round(estimate.ms) : null);
  return { jobs: total, p50: ms(p50), p95: ms(p95) };
}

/**
 * Jobs that started in [from, to): with `CloseTime >= from`, which every such job meets (visibility compares a
 * running job's CloseTime as the year 9999, and a job closes after it starts), so that the SQL visibility stores can
 * walk their close-time index from `from` instead of every job the deployment has kept (measured on the dev server's
 * SQLite: a StartTime range alone reads the whole task queue's index).
 */
export function startedIn(jobs: VisibilityQuery, from: Date, to: Date): VisibilityQuery {
  return jobs.atLeast('CloseTime', from).atLeast('StartTime', from).below('StartTime', to);
}

/** The figures of a bucket in which no job started or closed. */
export function emptyFigures(bucket: TimeBucket): BucketFigures {
  return {
    from: bucket.from.toISOString(),
    to: bucket.to.toISOString(),
    submitted: 0,
    completed: 0,
    failed: 0,
    canceled: 0,
    terminated: 0,
    timedOut: 0,
    durationMs: noPercentiles,
    sla: { jobs: 0, met: 0, compliance: null },
    queueWaitMs: noPercentiles,
  };
}

/**
 * The figures of one bucket of the jobs `jobs` selects (deployment, tenant walls, type and priority already
 * applied). With `sampling`, and at least `aboveJobs` closed in the bucket, one page of them places the percentile
 * searches' counts (bucket-sample.ts, sample-seeds.ts); else the searches start from their default edges.
 */
export async function bucketFigures(
  jobs: VisibilityQuery,
  bucket: TimeBucket,
  count: CountQuery,
  sampling?: { list: ListPage; aboveJobs: number },
): Promise<BucketFigures> {
  const countOf = async (query: VisibilityQuery): Promise<number> => (await count(query.toString())).count;
  const closedIn = jobs.atLeast('CloseTime', bucket.from).below('CloseTime', bucket.to);
  const [submitted, closed] = await Promise.all([
    countOf(startedIn(jobs, bucket.from, bucket.to)),
    count(closedIn.groupedBy('ExecutionStatus')).then(byStatus),
  ]);
  // A bucket in which no job closed has no more to count: two queries are all an empty bucket costs.
  const anyClosed = Object.values(closed).some((value) => value > 0);
  if (!anyClosed) return { ...emptyFigures(bucket), submitted };
  const completedIn = closedIn.equals('ExecutionStatus', 'Completed');
  const closedJobs = Object.values(closed).reduce((sum, value) => sum + value, 0);
  const sample =
    sampling && closedJobs >= sampling.aboveJobs
      ? sampleClosed(closedIn, sampling.list, closedJobs, bucket.from.getTime() / 60_000)
      : Promise.resolve(undefined);
  const [sla, durationMs, queueWaitMs] = await Promise.all([
    slaOf(closedIn, count),
    percentilesOf(
      closed.completed,
      (edge) => countOf(completedIn.below('ExecutionDuration', durationLiteral(edge))),
      sample.then((seen) => seen && { values: seen.durationsMs, complete: seen.complete }),
    ),
    countOf(closedIn.atLeast(QueueWaitAttribute, 0)).then((jobsWithWait) =>
      percentilesOf(
        jobsWithWait,
        (edge) => countOf(closedIn.below(QueueWaitAttribute, edge)),
        sample.then((seen) => seen && { values: seen.queueWaitsMs, complete: seen.complete }),
      ),
    ),
  ]);
  return { from: bucket.from.toISOString(), to: bucket.to.toISOString(), submitted, ...closed, durationMs, sla, queueWaitMs };
}

/**
 * SLA compliance: of the closed jobs that had an SLA (SlaBreached is set, false, at the start of every job with
 * one), the share that completed and never breached it. A job that failed or was canceled did not meet its SLA.
 */
async function slaOf(closedIn: VisibilityQuery, count: CountQuery): Promise<BucketFigures['sla']> {
  const [unbreached, breached] = await Promise.all([
    count(closedIn.equals(SlaBreachedAttribute, false).groupedBy('ExecutionStatus')).then(byStatus),
    count(closedIn.equals(SlaBreachedAttribute, true).toString()),
  ]);
  const jobs = Object.values(unbreached).reduce((sum, value) => sum + value, 0) + breached.count;
  const met = unbreached.completed;
  return { jobs, met, compliance: jobs === 0 ? null : Math.round((met / jobs) * 10_000) / 10_000 };
}
