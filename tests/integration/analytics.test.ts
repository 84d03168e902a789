/**
 * Historical analytics against a known set of jobs on the real dev server: six reconciliations that complete (one
 * of them a tenant's), three risk assessments whose data the agent refuses (failed). The figures of GET
 * /v1/analytics must match: exact counts by outcome, SLA compliance, and duration and queue-wait p50/p95 within the
 * documented bound of the true values read from each run. Tenant walls, bad parameters and GraphQL too.
 */
import { randomUUID } from 'node:crypto';
import { QueueWaitAttribute } from '../../src/contracts/search-attributes';
import { relativeErrorBound } from '../../src/analytics/percentile-search';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { deploymentWorkflows } from '../../src/temporal/visibility-query';
import { jobStart } from '../../src/jobs/job-start';
import { newJobId } from '../../src/jobs/request-fingerprint';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

interface Bucket {
  from: string;
  submitted: number;
  completed: number;
  failed: number;
  durationMs: { jobs: number; p50: number | null; p95: number | null };
  queueWaitMs: { jobs: number; p50: number | null; p95: number | null };
  sla: { jobs: number; met: number; compliance: number | null };
}

const reconciliation = {
  type: 'BANK_STATEMENT_PROCESSING',
  priority: 'NORMAL',
  data: {
    statement: [{ id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' }],
    ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
  },
};

const nearestRank = (values: readonly number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1] ?? NaN;
};

/** Within the stated bound (relative error x value + 1 ms), plus 1 ms for Temporal's ms rounding of the times read here. */
const expectWithinBound = (estimate: number | null, truth: number): void => {
  expect(estimate).not.toBeNull();
  expect(Math.abs((estimate ?? NaN) - truth)).toBeLessThanOrEqual(relativeErrorBound() * truth + 2);
};

describe('historical analytics (GET /v1/analytics, GraphQL analytics)', () => {
  let stack: TestStack;
  const tenant = `tenant-analytics-${randomUUID().slice(0, 8)}`;
  /** The truth, by hour bucket (its start, ISO): each closed job's outcome, duration and queue wait. */
  const truth = new Map<string, Array<{ status: string; durationMs: number; queueWaitMs: number }>>();

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers({ agents: ['reconciliation', 'risk'] });
    const tenantToken = await stack.token({ role: 'investigator', tenant });
    for (let i = 0; i < 5; i++) await stack.http().post('/v1/jobs').send(reconciliation).expect(202);
    await stack.http().post('/v1/jobs').set('Authorization', `Bearer ${tenantToken}`).send(reconciliation).expect(202);
    // Started as the facade starts jobs (search attributes, SLA) but with data the facade would refuse: the agent fails them.
    for (let i = 0; i < 3; i++) {
      const bad = { type: 'RISK_ASSESSMENT', priority: 'NORMAL' as const, data: { entity: { name: 'no id' } } };
      await stack.client.workflow.start(jobWorkflowType, jobStart(stack.config, bad, newJobId(), new Date()).options);
    }

    const jobs = deploymentWorkflows(stack.config, jobWorkflowType);
    await eventually(
      async () =>
        (await stack.client.workflow.count(jobs.notEquals('ExecutionStatus', 'Running').toString())).count === 9 ? true : undefined,
      90_000,
      500,
    );
    for await (const run of stack.client.workflow.list({ query: jobs.toString() })) {
      const described = await stack.client.workflow.getHandle(run.workflowId).describe();
      const closeTime = described.closeTime as Date;
      const hour = new Date(Math.floor(closeTime.getTime() / 3_600_000) * 3_600_000).toISOString();
      const entry = {
        status: described.status.name,
        durationMs: closeTime.getTime() - (described.executionTime ?? described.startTime).getTime(),
        queueWaitMs: Number(described.typedSearchAttributes.get(QueueWaitAttribute)),
      };
      truth.set(hour, [...(truth.get(hour) ?? []), entry]);
    }
  }, 120_000);
  afterAll(() => stack.stop());

  it('counts the jobs by outcome, SLA compliance, and duration and queue-wait percentiles within the bound', async () => {
    const { body } = await stack.http().get('/v1/analytics?window=2h&bucket=1h').expect(200);
    expect(body.totals).toEqual({ submitted: 9, completed: 6, failed: 3, canceled: 0, terminated: 0, timedOut: 0 });
    expect(body.percentiles).toEqual({ method: 'count-queries', relativeError: expect.any(Number), absoluteErrorMs: 1 });
    for (const [hour, runs] of truth) {
      const bucket = (body.buckets as Bucket[]).find((candidate) => candidate.from === hour);
      expect(bucket).toBeDefined();
      const completed = runs.filter((run) => run.status === 'COMPLETED');
      expect(bucket).toMatchObject({ completed: completed.length, failed: runs.length - completed.length });
      // NORMAL jobs have a 4 h SLA: every job had one, the completed ones met it.
      expect(bucket?.sla).toEqual({
        jobs: runs.length,
        met: completed.length,
        compliance: Math.round((completed.length / runs.length) * 10_000) / 10_000,
      });
      expect(bucket?.durationMs.jobs).toBe(completed.length);
      expectWithinBound(
        bucket?.durationMs.p50 ?? null,
        nearestRank(
          completed.map((run) => run.durationMs),
          0.5,
        ),
      );
      expectWithinBound(
        bucket?.durationMs.p95 ?? null,
        nearestRank(
          completed.map((run) => run.durationMs),
          0.95,
        ),
      );
      // Every job sealed its record, failed ones too, so each has its queue wait.
      expect(bucket?.queueWaitMs.jobs).toBe(runs.length);
      expectWithinBound(
        bucket?.queueWaitMs.p50 ?? null,
        nearestRank(
          runs.map((run) => run.queueWaitMs),
          0.5,
        ),
      );
      expectWithinBound(
        bucket?.queueWaitMs.p95 ?? null,
        nearestRank(
          runs.map((run) => run.queueWaitMs),
          0.95,
        ),
      );
    }
    expect(body.cost.countQueries).toBeGreaterThan(0);
    // Buckets this small are not sampled (a page would cost more than the counts it saves): counts only.
    expect(body.cost.listQueries).toBe(0);
  });

  it('finds the empty buckets of a long window of fine buckets with a few counts over stretches of them', async () => {
    const { body } = await stack.http().get('/v1/analytics?window=3h&bucket=1m').expect(200);
    expect(body.totals).toEqual({ submitted: 9, completed: 6, failed: 3, canceled: 0, terminated: 0, timedOut: 0 });
    const buckets = body.buckets as Bucket[];
    const busy = buckets.filter((bucket) => bucket.submitted + bucket.completed + bucket.failed > 0).length;
    expect(buckets.length).toBeGreaterThan(180);
    // Two counts per bucket would be 362 before any figure; a stretch search costs at most two probes per level per
    // busy bucket, of two counts each (closed in the stretch, then started in it).
    expect(body.cost.countQueries).toBeLessThanOrEqual(2 + busy * (57 + 4 * Math.ceil(Math.log2(buckets.length))));
    expect(body.cost.countQueries).toBeLessThan(2 * buckets.length);
  });

  it('filters by type and priority', async () => {
    const risk = await stack.http().get('/v1/analytics?window=2h&type=RISK_ASSESSMENT').expect(200);
    expect(risk.body.totals).toMatchObject({ submitted: 3, completed: 0, failed: 3 });
    const high = await stack.http().get('/v1/analytics?window=2h&priority=HIGH').expect(200);
    expect(high.body.totals).toMatchObject({ submitted: 0, completed: 0, failed: 0 });
  });

  it("shows a tenant's viewer only that tenant's jobs", async () => {
    const viewer = await stack.token({ role: 'viewer', tenant });
    const { body } = await stack.http().get('/v1/analytics?window=2h').set('Authorization', `Bearer ${viewer}`).expect(200);
    expect(body.totals).toMatchObject({ submitted: 1, completed: 1, failed: 0 });
  });

  it('answers bad parameters with a 400 naming the field', async () => {
    const problemOf = async (query: string): Promise<string> => {
      const response = await stack.http().get(`/v1/analytics?${query}`).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      return (response.body.error.details as Array<{ path: string }>)[0]?.path ?? '';
    };
    expect(await problemOf('window=soon')).toBe('query.window');
    expect(await problemOf('bucket=10s')).toBe('query.bucket');
    expect(await problemOf('window=30d&bucket=1m')).toBe('query.bucket');
    expect(await problemOf('type=NO_SUCH_TYPE')).toBe('query.type');
    expect(await problemOf('priority=URGENT')).toBe('query.priority');
    expect(await problemOf('since=1h')).toBe('query.since');
  });

  it('gives GraphQL the same figures', async () => {
    const query = 'query ($window: String) { analytics(window: $window) { totals { submitted completed failed } buckets { from final } } }';
    const { body } = await stack
      .http()
      .post('/graphql')
      .send({ query, variables: { window: '2h' } })
      .expect(200);
    expect(body.data.analytics.totals).toEqual({ submitted: 9, completed: 6, failed: 3 });
    const bad = await stack
      .http()
      .post('/graphql')
      .send({ query, variables: { window: 'soon' } })
      .expect(400);
    expect(bad.body.errors[0].extensions.details[0].path).toBe('window');
  });
});
