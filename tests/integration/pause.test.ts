/**
 * Pause and resume against a real dev server: the pause is Temporal's task-queue config (rate limit 0), so no new
 * step starts on a paused queue in any worker, a running step finishes, submissions wait, and resume runs them once.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { agentProcessesReady, startAgentProcesses, stopAgentProcesses } from '../../src/supervision/agent-processes';
import type { SupervisedProcess } from '../../src/supervision/supervised-process';
import { agentTaskQueue } from '../../src/config/task-queues';
import { findOrInstallTemporalCli } from '../../src/dev-server/temporal-cli';
import { writeConfigVariant } from './harness/config-variant';
import { heavyComplianceJob } from './harness/heavy-compliance-job';
import { stepEvents } from './harness/history';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';
import request from 'supertest';
import type { SlaReport } from '../../src/system/sla-report';

const fixture = (type: string): object =>
  JSON.parse(readFileSync(path.resolve(__dirname, `../fixtures/jobs/${type}.json`), 'utf8')) as object;

describe('pause and resume', () => {
  let stack: TestStack;
  let compliance: SupervisedProcess[] = [];

  beforeAll(async () => {
    // One risk step at a time: the order in which resume starts the backlog is the order of the steps' starts.
    const configFile = writeConfigVariant((config) => {
      (config.agents!.risk as Record<string, unknown>).maxConcurrentActivities = 1;
    });
    stack = await startTestStack({ configFile });
    // The CPU-heavy compliance step runs in a worker process of its own (as under npm start); the rest in this one.
    await stack.startWorkers({ agents: Object.keys(stack.config.agents).filter((agent) => agent !== 'compliance') });
    compliance = startAgentProcesses(stack.config, ['compliance'], createLogger({}, 'warn'), { ...process.env, LOG_LEVEL: 'warn' });
    await agentProcessesReady(compliance);
  });
  afterAll(async () => {
    await stopAgentProcesses(compliance);
    await stack.stop();
  });

  const submit = async (body: object): Promise<string> => {
    const response = await stack.http().post('/v1/jobs').send(body).expect(202);
    return (response.body as { jobId: string }).jobId;
  };
  const job = async (jobId: string) =>
    (await stack.http().get(`/v1/jobs/${jobId}`).expect(200)).body as { status: string; step?: { state: string } };
  const completed = (jobId: string) => eventually(async () => ((await job(jobId)).status === 'COMPLETED' ? true : undefined), 120_000, 300);
  const backlogOf = async (agent: string): Promise<number> =>
    ((await stack.http().get(`/v1/queues/${agent}`).expect(200)).body as { backlogCount: number }).backlogCount;
  const startsOf = async (jobId: string): Promise<number> => (await stepEvents(stack.client, `job-${jobId}`)).startedAt.length;

  it('a system pause stops new steps on every queue while a running step finishes; jobs submitted meanwhile run once', async () => {
    const heavy = await submit(heavyComplianceJob(2_000, 5_000, 'CASE-PAUSE'));
    await eventually(async () => ((await job(heavy)).step?.state === 'STARTED' ? true : undefined), 60_000, 100);

    const paused = await stack.http().post('/v1/system/pause').send({ reason: 'database migration' }).expect(200);
    expect(paused.body).toMatchObject({ paused: true, reason: 'database migration', pausedBy: 'test-admin' });
    expect(paused.body.pausedAgents).toEqual(Object.keys(stack.config.agents));

    // Submissions are accepted and wait in their queues.
    const waiting = await Promise.all(
      ['FRAUD_DETECTION', 'BANK_STATEMENT_PROCESSING', 'RISK_ASSESSMENT'].map((type) => submit(fixture(type))),
    );
    await completed(heavy);
    for (const agent of ['fraud', 'reconciliation', 'risk'])
      await eventually(async () => ((await backlogOf(agent)) >= 1 ? true : undefined));
    for (const jobId of waiting) expect(await job(jobId)).toMatchObject({ status: 'RUNNING', step: { state: 'SCHEDULED' } });

    // Shown by the API, by a facade started afresh, and by Temporal's own CLI.
    const status = (await stack.http().get('/v1/system/status').expect(200)).body;
    expect(status.pause).toMatchObject({ paused: true, reason: 'database migration', pausedBy: 'test-admin' });
    expect(Date.parse(status.pause.pausedAt)).toBeGreaterThan(Date.now() - 300_000);
    expect(status.agents.every((agent: { paused: boolean }) => agent.paused)).toBe(true);
    const fresh = createApp({ config: stack.config, client: stack.client, logger: createLogger({}, 'silent') });
    const token = await stack.token({ role: 'viewer' });
    const queues = (await request(fresh).get('/v1/queues').set('Authorization', `Bearer ${token}`).expect(200)).body.queues;
    expect(queues.every((queue: { paused: boolean; pause?: { scope: string } }) => queue.paused && queue.pause?.scope === 'system')).toBe(
      true,
    );
    const cli = await findOrInstallTemporalCli(stack.config.devServer.cliVersion);
    const { stdout } = await promisify(execFile)(cli.path, [
      'task-queue',
      'config',
      'get',
      '--address',
      stack.config.connection.address,
      '--task-queue',
      agentTaskQueue(stack.config, 'fraud'),
      '--task-queue-type',
      'activity',
      '--output',
      'json',
    ]);
    expect(stdout).toContain('taskmaster system pause: database migration');

    await stack.http().post('/v1/system/pause').send({ reason: 'again' }).expect(409);
    const resumed = await stack.http().post('/v1/system/resume').send({ reason: 'migration done' }).expect(200);
    expect(resumed.body).toMatchObject({ paused: false, pausedAgents: [] });
    for (const jobId of waiting) await completed(jobId);
    for (const jobId of [heavy, ...waiting]) expect(await startsOf(jobId)).toBe(1);
    await stack.http().post('/v1/system/resume').send({ reason: 'again' }).expect(409);

    // The SLA report names the pause (from the audit trail) and the jobs that waited in it.
    const sla = await eventually(async () => {
      const body = (await stack.http().get('/v1/sla?window=1h').expect(200)).body as SlaReport;
      return body.pauses.some((pause) => pause.scope === 'system' && pause.to !== null) ? body : undefined;
    });
    const window = sla.pauses.findIndex((pause) => pause.scope === 'system' && pause.to !== null);
    expect(sla.pauses[window]).toMatchObject({ pausedBy: 'test-admin', agents: Object.keys(stack.config.agents) });
    for (const jobId of waiting) expect(sla.jobsInPause.find((held) => held.jobId === jobId)?.pauses).toContain(window);
  });

  it('a queue pause holds that agent only; it outlives a system resume and is refused a second time', async () => {
    const paused = await stack.http().post('/v1/queues/fraud/pause').send({ reason: 'vendor down' }).expect(200);
    expect(paused.body).toMatchObject({
      agent: 'fraud',
      paused: true,
      pause: { scope: 'queue', reason: 'vendor down', pausedBy: 'test-admin' },
    });
    await stack.http().post('/v1/queues/fraud/pause').send({ reason: 'vendor down' }).expect(409);
    const fraud = await submit(fixture('FRAUD_DETECTION'));
    const other = await submit(fixture('BANK_STATEMENT_PROCESSING'));
    await completed(other);
    await eventually(async () => ((await backlogOf('fraud')) >= 1 ? true : undefined));
    expect(await job(fraud)).toMatchObject({ status: 'RUNNING', step: { state: 'SCHEDULED' } });

    // A system pause and resume leave the queue's own pause in place.
    await stack.http().post('/v1/system/pause').send({ reason: 'short' }).expect(200);
    await stack.http().post('/v1/queues/risk/resume').send({ reason: 'no' }).expect(409);
    await stack.http().post('/v1/system/resume').send({ reason: 'short' }).expect(200);
    const queue = (await stack.http().get('/v1/queues/fraud').expect(200)).body;
    expect(queue).toMatchObject({ paused: true, pause: { scope: 'queue', reason: 'vendor down' } });
    expect(await job(fraud)).toMatchObject({ step: { state: 'SCHEDULED' } });

    await stack.http().post('/v1/queues/fraud/resume').send({ reason: 'vendor back' }).expect(200);
    await completed(fraud);
    expect(await startsOf(fraud)).toBe(1);
    await stack.http().post('/v1/queues/fraud/resume').send({ reason: 'again' }).expect(409);
  });

  it('resume starts the backlog in priority order', async () => {
    await stack.http().post('/v1/queues/risk/pause').send({ reason: 'order check' }).expect(200);
    const priorities = ['MAINTENANCE', 'LOW', 'NORMAL', 'HIGH', 'CRITICAL'];
    const jobs = [];
    for (const priority of priorities) jobs.push({ priority, jobId: await submit({ ...fixture('RISK_ASSESSMENT'), priority }) });
    await eventually(async () => ((await backlogOf('risk')) >= priorities.length ? true : undefined));
    await stack.http().post('/v1/queues/risk/resume').send({ reason: 'order check' }).expect(200);
    for (const { jobId } of jobs) await completed(jobId);
    const starts = await Promise.all(
      jobs.map(async ({ priority, jobId }) => ({ priority, at: (await stepEvents(stack.client, `job-${jobId}`)).startedAt })),
    );
    expect(starts.every((start) => start.at.length === 1)).toBe(true);
    const order = [...starts].sort((a, b) => (a.at[0] ?? 0) - (b.at[0] ?? 0)).map((start) => start.priority);
    expect(order).toEqual([...priorities].reverse());
  });

  it('names the failing field, answers 404 for an unknown agent (own keys only) and refuses a viewer', async () => {
    const missing = await stack.http().post('/v1/system/pause').send({}).expect(400);
    expect(missing.body.error.message).toContain('reason');
    await stack.http().post('/v1/queues/fraud/pause').send({ reason: '' }).expect(400);
    for (const agent of ['no-such-agent', 'constructor', '__proto__', 'hasOwnProperty']) {
      await stack.http().post(`/v1/queues/${agent}/pause`).send({ reason: 'x' }).expect(404);
      await stack.http().get(`/v1/agents/${agent}`).expect(404);
    }
    const viewer = await stack.token({ role: 'viewer' });
    await request(stack.app).post('/v1/system/pause').set('Authorization', `Bearer ${viewer}`).send({ reason: 'x' }).expect(403);
  });
});
