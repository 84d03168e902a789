/**
 * The Prometheus endpoints of a real `npm start` (facade, orchestration worker, agent process) and of the dev server,
 * found as Prometheus finds them (the file_sd files in the data dir) and scraped after a job ran: each has the named
 * series, with the route pattern, the job's type and class, and the refusals by sign-in and rate limit. The stack
 * runs with tracing on, its spans sent to a local OTLP/HTTP JSON receiver: the job's submission is one trace from
 * the HTTP request through the workflow to the activity, across the two processes.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintWithLocalKey } from '../../src/auth/token-minting';
import { loadConfig } from '../../src/config/load-config';
import { writeConfigVariant } from './harness/config-variant';
import { freePort } from './harness/free-port';
import { startOtlpReceiver, type OtlpReceiver } from './harness/otlp-receiver';
import { samplesOf, scrape, type Sample } from './harness/prometheus-text';
import { runStart, type RunningStart } from './harness/running-start';
import { eventually } from './harness/test-stack';

const riskFixture = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/jobs/RISK_ASSESSMENT.json'), 'utf8')) as {
  data: unknown;
};

interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

describe('Prometheus endpoints of npm start and the dev server', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-metrics-'));
  const requestsPerMinute = 40;
  let stack: RunningStart;
  let env: NodeJS.ProcessEnv;
  let jobId: string;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    const configFile = writeConfigVariant((config) => {
      // One agent process for all agents: the machine is small, and one is enough to show an agent's endpoint.
      config.agentProcesses = 'shared' as never;
      for (const agent of Object.values(config.agents as Record<string, Record<string, unknown>>)) {
        agent.minWorkers = 1;
        agent.maxWorkers = 1;
      }
      (config.auth as { rateLimit: { requestsPerMinute: number } }).rateLimit.requestsPerMinute = requestsPerMinute;
    });
    receiver = await startOtlpReceiver();
    env = {
      TASKMASTER_TRACING_ENABLED: 'true',
      TASKMASTER_OTLP_ENDPOINT: receiver.url,
      TASKMASTER_CONFIG: configFile,
      TASKMASTER_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS,
      TASKMASTER_TASK_QUEUE_PREFIX: `metrics-${process.pid}`,
      TASKMASTER_METRICS_PORT: String(await freePort()),
      TASKMASTER_WORKER_METRICS_PORT: String(await freePort()),
    };
    stack = await runStart(env, await freePort());
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  }, 120_000);

  const call = (method: string, route: string, token: string | undefined, body?: unknown): Promise<Response> =>
    fetch(`${stack.api}${route}`, {
      method,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** The endpoints of each component, from the file_sd files the processes wrote. */
  function targets(): TargetGroup[] {
    const dir = path.join(dataDir, 'metrics-targets');
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as TargetGroup[]);
  }
  const urlsOf = (component: string, queues?: string): string[] =>
    targets()
      .filter((group) => group.labels.component === component && (queues === undefined || group.labels.queues === queues))
      .flatMap((group) => group.targets.map((target) => `http://${target}/metrics`));

  it('runs a job, with refusals by sign-in, authorization and the rate limit', async () => {
    const submitted = await call('POST', '/v1/jobs', stack.token, { type: 'RISK_ASSESSMENT', priority: 'HIGH', data: riskFixture.data });
    expect(submitted.status).toBe(202);
    jobId = ((await submitted.json()) as { jobId: string }).jobId;
    await eventually(
      async () => {
        const job = (await (await call('GET', `/v1/jobs/${jobId}`, stack.token)).json()) as { status: string };
        return job.status === 'COMPLETED' ? true : undefined;
      },
      120_000,
      2_000,
    );
    expect((await call('GET', '/v1/jobs', undefined)).status).toBe(401);
    const config = loadConfig(env.TASKMASTER_CONFIG, env);
    const viewer = await mintWithLocalKey(config.auth, dataDir, { subject: 'metrics-viewer', role: 'viewer', ttlMs: 600_000 });
    expect((await call('POST', '/v1/jobs', viewer, { type: 'RISK_ASSESSMENT', data: riskFixture.data })).status).toBe(403);
    const flooder = await mintWithLocalKey(config.auth, dataDir, { subject: 'metrics-flood', role: 'viewer', ttlMs: 600_000 });
    const statuses: number[] = [];
    for (let i = 0; i <= requestsPerMinute; i++) statuses.push((await call('GET', '/v1/jobs/no-such-job', flooder)).status);
    expect(statuses).toContain(429);
  }, 240_000);

  it('lists every process in the file_sd targets: the facade, the orchestration worker, the agent process', () => {
    const components = targets().map((group) => `${group.labels.component}:${group.labels.queues ?? ''}`);
    expect(components).toEqual(expect.arrayContaining(['facade:', 'worker:orchestration', expect.stringMatching(/^worker:.*fraud/)]));
  });

  it('the facade: requests by route pattern and status with latency, submissions by type and class, refusals', async () => {
    const [url] = urlsOf('facade');
    const samples = await scrape(url ?? '');
    expect(samplesOf(samples, 'taskmaster_http_requests_total', { method: 'POST', route: '/v1/jobs', status: '202' })[0]?.value).toBe(1);
    // The pattern, never the raw path: no series names the job id.
    expect(samplesOf(samples, 'taskmaster_http_requests_total', { method: 'GET', route: '/v1/jobs/:jobId' }).length).toBeGreaterThan(0);
    expect(samples.some((sample) => Object.values(sample.labels).some((value) => value.includes(jobId)))).toBe(false);
    expect(samplesOf(samples, 'taskmaster_http_request_duration_seconds_bucket', { route: '/v1/jobs', le: '+Inf' }).length).toBeGreaterThan(
      0,
    );
    expect(samplesOf(samples, 'taskmaster_submissions_total', { kind: 'job', type: 'RISK_ASSESSMENT', priority: 'HIGH' })[0]?.value).toBe(
      1,
    );
    expect(samplesOf(samples, 'taskmaster_auth_rejections_total', { status: '401', code: 'UNAUTHENTICATED' })[0]?.value).toBe(1);
    expect(samplesOf(samples, 'taskmaster_auth_rejections_total', { status: '403', code: 'FORBIDDEN', route: '/v1/jobs' })[0]?.value).toBe(
      1,
    );
    expect(samplesOf(samples, 'taskmaster_admission_rejections_total', { status: '429', code: 'RATE_LIMITED' })[0]?.value).toBeGreaterThan(
      0,
    );
    expect(samplesOf(samples, 'taskmaster_live_subscribers')).toHaveLength(1);
    expect(samplesOf(samples, 'taskmaster_live_history_polls_total')).toHaveLength(1);
    expect(samplesOf(samples, 'process_resident_memory_bytes')[0]?.value).toBeGreaterThan(0);
  });

  it("the orchestration worker: the SDK's series and the job's close by type, class and outcome", async () => {
    const [url] = urlsOf('worker', 'orchestration');
    // The SDK's exporter serves what it has aggregated so far; the close may be a moment behind the job's status.
    const samples = await eventually(async () => {
      const scraped = await scrape(url ?? '');
      return samplesOf(scraped, 'taskmaster_jobs_closed_total', { type: 'RISK_ASSESSMENT' }).length > 0 ? scraped : undefined;
    }, 30_000);
    expect(samplesOf(samples, 'taskmaster_jobs_closed_total', { type: 'RISK_ASSESSMENT', priority: 'HIGH', outcome: 'completed' })).toEqual(
      [
        expect.objectContaining({
          value: 1,
          labels: expect.objectContaining({ workflowType: 'jobWorkflow', sla_status: 'ON_TRACK' }) as unknown,
        }),
      ],
    );
    expect(
      samplesOf(samples, 'taskmaster_job_duration_seconds_count', { type: 'RISK_ASSESSMENT', priority: 'HIGH', outcome: 'completed' })[0]
        ?.value,
    ).toBe(1);
    expect(samplesOf(samples, 'temporal_workflow_completed', { workflow_type: 'jobWorkflow' }).length).toBeGreaterThan(0);
    expect(samplesOf(samples, 'temporal_worker_task_slots_available', { worker_type: 'WorkflowWorker' }).length).toBeGreaterThan(0);
    expect(samplesOf(samples, 'taskmaster_worker_resident_memory_bytes', { queues: 'orchestration' })[0]?.value).toBeGreaterThan(0);
  });

  it("the agent process: the SDK's activity series and its resources", async () => {
    const url = targets().find((group) => group.labels.component === 'worker' && group.labels.queues !== 'orchestration')?.targets[0];
    const samples: Sample[] = await scrape(`http://${url ?? ''}/metrics`);
    expect(samplesOf(samples, 'temporal_activity_execution_latency_count', { activity_type: 'assessRisk' }).length).toBeGreaterThan(0);
    expect(samplesOf(samples, 'temporal_worker_task_slots_available', { worker_type: 'ActivityWorker' }).length).toBeGreaterThan(0);
    expect(samplesOf(samples, 'taskmaster_worker_cpu_utilization').length).toBe(1);
  });

  it("the dev server's own endpoint (start-dev --metrics-port)", async () => {
    const url = process.env.TASKMASTER_TEST_DEV_SERVER_METRICS_URL;
    expect(url).toBeDefined();
    const samples = await scrape(url ?? '');
    expect(samplesOf(samples, 'service_requests').length).toBeGreaterThan(0);
  });

  it('traces the submission: one trace from the HTTP request through the workflow to the activity', async () => {
    const names = [
      'POST /v1/jobs',
      'StartWorkflow:jobWorkflow',
      'RunWorkflow:jobWorkflow',
      'StartActivity:assessRisk',
      'RunActivity:assessRisk',
    ];
    // Spans leave in batches, every second.
    const trace = await eventually(async () => {
      const root = receiver.spans.find((span) => span.name === 'POST /v1/jobs');
      const spans = receiver.spans.filter((span) => span.traceId === root?.traceId);
      return Promise.resolve(names.every((name) => spans.some((span) => span.name === name)) ? spans : undefined);
    }, 30_000);
    const spanNamed = (name: string) => trace.find((span) => span.name === name);
    // Each is the child of the one before: the HTTP span is the root, the activity ran in the agent's process.
    expect(spanNamed('POST /v1/jobs')?.parentSpanId).toBeUndefined();
    for (let i = 1; i < names.length; i++) {
      expect({ span: names[i], parent: spanNamed(names[i] ?? '')?.parentSpanId }).toEqual({
        span: names[i],
        parent: spanNamed(names[i - 1] ?? '')?.spanId,
      });
    }
    expect(spanNamed('POST /v1/jobs')?.instance).toMatch(/\/facade$/);
    expect(spanNamed('RunActivity:assessRisk')?.instance).toMatch(/\/worker:.*risk/);
  });
});
