/**
 * `npm run bench:analytics [-- --jobs 10000 --data-dir DIR --requests 20 --window 24h --bucket 1h]`: the cost of
 * historical analytics over at least `--jobs` closed jobs in the window (target: an answer within 1 s over 10,000).
 * Makes the closed jobs that the window lacks (the smallest real jobs, tests/bench/analytics-jobs.ts); with
 * `--data-dir` the dev server's SQLite file is kept there, so a second run reuses them instead of making them
 * again. Then prints p50/p95 latency of uncached answers (a fresh AnalyticsService each, as a facade's first
 * request), the same with the sample page that seeds the percentile searches forced (whose figures must match), of
 * cached ones (GET /v1/analytics through the facade, whose closed buckets are cached after its first answer), the
 * count queries and list pages each made, and the jobs counted; then the same with 1-minute buckets over the last
 * `--fine-window`, where many buckets hold jobs (the cost grows with those buckets).
 */
import { parseArgs } from 'node:util';
import { AnalyticsService, type AnalyticsOptions, type AnalyticsReport } from '../../src/analytics/analytics-service';
import type { AnalyticsRequest } from '../../src/analytics/analytics-request';
import { everyTenant } from '../../src/auth/tenant-scope';
import { parseDuration, formatDuration } from '../../src/config/duration';
import { benchJobTypes, closedJobsSince, makeClosedJobs } from './analytics-jobs';
import type { JobTypeConfig } from '../../src/config/schema';
import { machineDescription, percentile, persistence, startBenchStack, type BenchStack } from './bench-stack';

interface Sample {
  ms: number;
  report: AnalyticsReport;
}

type Closed = AnalyticsReport['totals'];
const closedIn = (figures: Closed): number => figures.completed + figures.failed + figures.canceled + figures.terminated + figures.timedOut;
const closedOf = (report: AnalyticsReport): number => closedIn(report.totals);
const withJobs = (report: AnalyticsReport): number => report.buckets.filter((bucket) => bucket.submitted + closedIn(bucket) > 0).length;

function line(label: string, samples: readonly Sample[]): string {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const queries = samples.map((sample) => sample.report.cost.countQueries).sort((a, b) => a - b);
  const ms = (fraction: number): string => percentile(sorted, fraction).toFixed(0).padStart(5);
  const perAnswer = percentile(queries, 0.5);
  const lists = percentile(
    samples.map((sample) => sample.report.cost.listQueries).sort((a, b) => a - b),
    0.5,
  );
  return (
    `${label.padEnd(44)} p50 ${ms(0.5)} ms   p95 ${ms(0.95)} ms   count queries per answer ${perAnswer}, list pages ${lists}   ` +
    `(${samples.length} answers)`
  );
}

async function uncached(stack: BenchStack, request: AnalyticsRequest, requests: number, options: AnalyticsOptions = {}): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < requests; i++) {
    const service = new AnalyticsService(stack.config, stack.client, options);
    const started = performance.now();
    const report = await service.report(request, everyTenant);
    samples.push({ ms: performance.now() - started, report });
  }
  return samples;
}

async function overHttp(stack: BenchStack, request: AnalyticsRequest, requests: number): Promise<Sample[]> {
  const url = `${stack.apiUrl}/v1/analytics?window=${formatDuration(request.window)}&bucket=${formatDuration(request.bucket)}`;
  const samples: Sample[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: stack.headers });
    if (response.status !== 200) throw new Error(`GET /v1/analytics answered ${response.status}: ${await response.text()}`);
    const report = (await response.json()) as AnalyticsReport;
    samples.push({ ms: performance.now() - started, report });
  }
  return samples;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '10000' },
      'data-dir': { type: 'string' },
      requests: { type: 'string', default: '20' },
      window: { type: 'string', default: '24h' },
      bucket: { type: 'string', default: '1h' },
      'fine-window': { type: 'string', default: '3h' },
      'in-flight': { type: 'string', default: '64' },
    },
  });
  const jobs = Number(values.jobs);
  const requests = Number(values.requests);
  const request: AnalyticsRequest = {
    window: parseDuration(values.window) ?? 86_400_000,
    bucket: parseDuration(values.bucket) ?? 3_600_000,
  };
  const fine: AnalyticsRequest = { window: parseDuration(values['fine-window']) ?? 10_800_000, bucket: 60_000 };
  const stack = await startBenchStack({
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    // A fixed prefix: the jobs of an earlier run on the same data dir are this deployment's too.
    env: { TASKMASTER_TASK_QUEUE_PREFIX: 'bench-analytics' },
    workerAgents: ['reconciliation', 'risk'],
    configure: (config) => {
      // Analytics reads search attributes, never payloads: encryption would only slow the making of the jobs.
      config.encryption.enabled = false;
      // The steps take milliseconds: a step whose poll answer a starved worker never got is retried after a minute,
      // not after the default 10 (two such jobs held the last of 10,000 for 8 minutes on 2026-12-02).
      for (const type of benchJobTypes) config.jobTypes[type] = { ...(config.jobTypes[type] as JobTypeConfig), timeout: 60_000 };
    },
  });
  try {
    console.log(
      `Analytics benchmark: GET /v1/analytics?window=${values.window}&bucket=${values.bucket} over at least ${jobs} closed jobs, ` +
        `dev server persistence: ${persistence(false)}${values['data-dir'] ? ` (kept in ${values['data-dir']})` : ''}`,
    );
    console.log(machineDescription());
    const existing = await closedJobsSince(stack.config, stack.client, new Date(Date.now() - request.window));
    const missing = Math.max(0, jobs - existing);
    console.log(`closed jobs already in the window: ${existing}; making ${missing}`);
    if (missing > 0) await makeClosedJobs(stack.config, stack.client, missing, Number(values['in-flight']));

    const cold = await uncached(stack, request, requests);
    // The same answers with the sample page forced (by default only buckets of 30,000 jobs or more are sampled): the
    // seeded searches must end in the same brackets, so the same figures, with other counts.
    const sampled = await uncached(stack, request, requests, { sampleAboveJobs: 0 });
    const figures = (sample: Sample): string => JSON.stringify(sample.report.buckets.map(({ final: _final, ...bucket }) => bucket));
    const same = sampled.every((sample) => figures(sample) === figures(cold[0] as Sample));
    const http = await overHttp(stack, request, requests + 1);
    const [first, ...cached] = http;
    const coldReport = (cold[0] as Sample).report;
    const counted = closedOf(coldReport);
    console.log('');
    console.log(
      `jobs counted: ${counted} closed (${coldReport.totals.completed} completed, ${coldReport.totals.failed} failed, ` +
        `${coldReport.totals.terminated} terminated), ${coldReport.totals.submitted} submitted, in ${coldReport.buckets.length} buckets ` +
        `(${withJobs(coldReport)} with jobs)`,
    );
    console.log(line('uncached (a fresh service per answer)', cold));
    console.log(line('uncached, sample page forced', sampled));
    console.log(`figures with the sample page forced: ${same ? 'the same as without' : 'DIFFERENT from those without'}`);
    console.log(line('first GET /v1/analytics (uncached, HTTP)', first ? [first] : []));
    console.log(line('cached GET /v1/analytics (closed buckets)', cached));
    const p50 = (samples: readonly Sample[]): number =>
      percentile(
        samples.map((sample) => sample.ms).sort((a, b) => a - b),
        0.5,
      );
    const verdict = (samples: readonly Sample[]): string => (counted >= 10_000 && p50(samples) < 1_000 ? 'met' : 'NOT met');
    const p95 = (samples: readonly Sample[]): number =>
      percentile(
        samples.map((sample) => sample.ms).sort((a, b) => a - b),
        0.95,
      );
    const within = (ms: number): string => (counted >= 10_000 && ms < 1_000 ? 'met' : 'NOT met');
    console.log(
      `target (answer within 1 s over >= 10,000 closed jobs): uncached p50 ${verdict(cold)}, uncached p95 ${within(p95(cold))}, ` +
        `cached p50 ${verdict(cached)}`,
    );

    const fineCold = await uncached(stack, fine, 3);
    const fineReport = (fineCold[0] as Sample).report;
    console.log('');
    console.log(
      `1-minute buckets over the last ${values['fine-window']}: ${fineReport.buckets.length} buckets, ${withJobs(fineReport)} with jobs, ` +
        `${closedOf(fineReport)} closed jobs`,
    );
    console.log(line('uncached, 1-minute buckets', fineCold));
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
