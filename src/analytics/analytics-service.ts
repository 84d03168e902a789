/**
 * Historical analytics (GET /v1/analytics, GraphQL `analytics`): per time bucket, jobs submitted and closed by
 * outcome, duration and queue-wait percentiles, and SLA compliance, from Temporal's visibility alone (no store of
 * our own). Its cost is bounded: count queries, at most a fixed number per bucket that has jobs, and one list
 * page per bucket with many closed jobs (a sample that places the percentile searches' counts), a few counts for the
 * empty stretches between them, at most `concurrency` queries at once, and the buckets that are over served from a
 * cache. docs/operations.md says what each figure means and how accurate the percentiles are.
 */
import type { Client, CountWorkflowExecution } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import type { TaskmasterConfig } from '../config/schema';
import { jobWorkflowType } from '../contracts/job-workflow';
import { JobTypeAttribute, PriorityAttribute } from '../contracts/search-attributes';
import { deploymentWorkflows, type VisibilityQuery } from '../temporal/visibility-query';
import { bucketsOf, type TimeBucket } from './analytics-buckets';
import type { AnalyticsRequest } from './analytics-request';
import { bucketFigures, emptyFigures, type BucketFigures } from './bucket-figures';
import { listPageOf, type ListPage } from './bucket-sample';
import { ClosedBucketCache } from './closed-bucket-cache';
import { concurrencyCap } from './concurrency-cap';
import { searchStretches } from './empty-stretches';
import { anyJobsIn } from './stretch-activity';
import { defaultPercentileSearch, relativeErrorBound } from './percentile-search';

export interface AnalyticsBucket extends BucketFigures {
  /** The bucket is over: its figures can no longer change (and are cached). */
  final: boolean;
}

export interface AnalyticsReport {
  windowMs: number;
  bucketMs: number;
  /** The first bucket's start and the last one's end (buckets are aligned to multiples of bucketMs since the epoch). */
  from: string;
  to: string;
  type: string | null;
  priority: string | null;
  /** The count figures summed over the buckets (percentiles do not sum, so there are none here). */
  totals: { submitted: number; completed: number; failed: number; canceled: number; terminated: number; timedOut: number };
  /** How the percentiles were estimated, and how far off they may be: less than relativeError × value + absoluteErrorMs. */
  percentiles: { method: 'count-queries'; relativeError: number; absoluteErrorMs: number };
  buckets: AnalyticsBucket[];
  /**
   * What this answer cost: the count queries sent to Temporal, the list pages (one per bucket with many closed jobs,
   * a sample that places the percentile searches' counts), and the buckets served from the cache.
   */
  cost: { countQueries: number; listQueries: number; cachedBuckets: number; elapsedMs: number };
}

export interface AnalyticsOptions {
  /** Count queries in flight at once, for one request and all its buckets. */
  concurrency?: number;
  /** Closed buckets kept in memory. */
  cacheEntries?: number;
  /** How long after a bucket's end its figures are taken as final (visibility shows a close a little after it). */
  settleMs?: number;
  /**
   * Sample a page of a bucket's closed jobs to place its percentile searches' counts when it holds at least this
   * many (default 30,000; 0: always, Infinity: never). At 10,000 jobs the page (217 to 411 ms on the dev server's
   * SQLite) cost more than the 14 counts it saved (12 to 35 ms each); a count's cost grows with the bucket's jobs
   * and the page's does not (at most 1,000 runs of a random slice of ids), so it pays for larger buckets
   * (docs/benchmarks.md: extrapolated, not measured, above 10,000).
   */
  sampleAboveJobs?: number;
}

const scopeKey = (scope: TenantScope): string => (scope.kind === 'tenant' ? `tenant:${scope.tenant}` : scope.kind);

export class AnalyticsService {
  private readonly cache: ClosedBucketCache<BucketFigures>;
  private readonly cap: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly settleMs: number;
  private readonly listPage: ListPage | undefined;
  private readonly sampleAboveJobs: number;

  constructor(
    private readonly config: TaskmasterConfig,
    private readonly client: Client,
    options: AnalyticsOptions = {},
  ) {
    this.cache = new ClosedBucketCache(options.cacheEntries ?? 20_000);
    this.cap = concurrencyCap(options.concurrency ?? 8);
    this.settleMs = options.settleMs ?? 60_000;
    this.sampleAboveJobs = options.sampleAboveJobs ?? 30_000;
    this.listPage = this.sampleAboveJobs === Infinity ? undefined : listPageOf(client);
  }

  async report(request: AnalyticsRequest, scope: TenantScope, now = new Date()): Promise<AnalyticsReport> {
    const started = Date.now();
    let countQueries = 0;
    let listQueries = 0;
    let cachedBuckets = 0;
    const count = (query: string): Promise<CountWorkflowExecution> =>
      this.cap(() => {
        countQueries += 1;
        return this.client.workflow.count(query);
      });
    const countOf = async (query: VisibilityQuery): Promise<number> => (await count(query.toString())).count;
    const listPage = this.listPage;
    const list: ListPage | undefined =
      listPage &&
      ((query, pageSize) =>
        this.cap(() => {
          listQueries += 1;
          return listPage(query, pageSize);
        }));
    const jobs = deploymentWorkflows(this.config, jobWorkflowType)
      .within(scope)
      .equals(JobTypeAttribute, request.type)
      .equals(PriorityAttribute, request.priority);
    const keyOf = (from: Date): string =>
      [scopeKey(scope), request.type ?? '*', request.priority ?? '*', request.bucket, from.toISOString()].join('|');

    const timeBuckets = bucketsOf(request.window, request.bucket, now);
    const isFinal = (index: number): boolean => (timeBuckets[index]?.to.getTime() ?? Infinity) + this.settleMs <= now.getTime();
    const buckets = new Array<AnalyticsBucket>(timeBuckets.length);
    timeBuckets.forEach((bucket, index) => {
      const cached = isFinal(index) ? this.cache.get(keyOf(bucket.from)) : undefined;
      if (!cached) return;
      cachedBuckets += 1;
      buckets[index] = { ...cached, final: true };
    });
    // The buckets not cached, in stretches of neighbours: each stretch is searched for its empty parts (empty-stretches.ts).
    const keep = (index: number, figures: BucketFigures): AnalyticsBucket => {
      const bucket = timeBuckets[index] as TimeBucket;
      const final = isFinal(index);
      if (final) this.cache.set(keyOf(bucket.from), figures);
      return (buckets[index] = { ...figures, final });
    };
    await Promise.all(
      uncachedStretches(buckets).map(async ({ first, end }) => {
        const at = (offset: number): TimeBucket => timeBuckets[first + offset] as TimeBucket;
        await searchStretches(
          end - first,
          (from, to) => anyJobsIn(jobs, at(from).from, at(to - 1).to, countOf),
          async (offset) =>
            keep(first + offset, await bucketFigures(jobs, at(offset), count, list && { list, aboveJobs: this.sampleAboveJobs })),
          (offset) => keep(first + offset, emptyFigures(at(offset))),
        );
      }),
    );
    const sum = (pick: (bucket: AnalyticsBucket) => number): number => buckets.reduce((total, bucket) => total + pick(bucket), 0);
    return {
      windowMs: request.window,
      bucketMs: request.bucket,
      from: buckets[0]?.from ?? now.toISOString(),
      to: buckets.at(-1)?.to ?? now.toISOString(),
      type: request.type ?? null,
      priority: request.priority ?? null,
      totals: {
        submitted: sum((bucket) => bucket.submitted),
        completed: sum((bucket) => bucket.completed),
        failed: sum((bucket) => bucket.failed),
        canceled: sum((bucket) => bucket.canceled),
        terminated: sum((bucket) => bucket.terminated),
        timedOut: sum((bucket) => bucket.timedOut),
      },
      percentiles: { method: 'count-queries', relativeError: round4(relativeErrorBound(defaultPercentileSearch)), absoluteErrorMs: 1 },
      buckets,
      cost: { countQueries, listQueries, cachedBuckets, elapsedMs: Date.now() - started },
    };
  }
}

/** The runs of neighbouring buckets not filled yet (not cached), as [first, end) index ranges. */
function uncachedStretches(buckets: ReadonlyArray<AnalyticsBucket | undefined>): Array<{ first: number; end: number }> {
  const stretches: Array<{ first: number; end: number }> = [];
  for (let index = 0; index < buckets.length; index++) {
    if (buckets[index] !== undefined) continue;
    const last = stretches.at(-1);
    if (last && last.end === index) last.end = index + 1;
    else stretches.push({ first: index, end: index + 1 });
  }
  return stretches;
}

/** Rounded up, so that the stated bound is never below the true one. */
const round4 = (value: number): number => Math.ceil(value * 10_000) / 10_000;
