/**
 * GET /v1/events end to end on the real dev server: a job's subscriber sees each stage through COMPLETED in order,
 * an investigation's each step; a reconnect with a cursor loses no terminal status; another tenant's token gets
 * nothing of this tenant's work; no token is refused before any handshake, and a token in the query string never
 * reaches the logs.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import type { JobStatusUpdate, LiveEvent } from '../../src/contracts/live-events';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { connectEvents, listenOnFreePort } from './harness/events-client';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const fixture = (file: string) => JSON.parse(readFileSync(path.resolve(__dirname, '../..', file), 'utf8')) as Record<string, unknown>;
const riskJob = fixture('tests/fixtures/jobs/RISK_ASSESSMENT.json');
const fraudInvestigation = fixture('tests/fixtures/investigations/fraud-investigation.json');
const statusUpdates = (messages: LiveEvent[]): JobStatusUpdate[] =>
  messages.filter((m): m is JobStatusUpdate => m.type === 'job_status_update');
const isTerminal = (event: LiveEvent) => event.type === 'job_status_update' && event.status !== 'RUNNING';

describe('live events over WebSocket', () => {
  let stack: TestStack;
  let server: Server;
  let wsUrl: string;
  let admin: string;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    ({ server, wsUrl } = await listenOnFreePort(stack.app));
    admin = await stack.token({ role: 'admin' });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  });

  const submitJob = async (token: string, caseId: string): Promise<string> =>
    (
      await request(stack.app)
        .post('/v1/jobs')
        .set('Authorization', `Bearer ${token}`)
        .send({ ...riskJob, caseId })
        .expect(202)
    ).body.jobId as string;

  const jobStatus = async (jobId: string): Promise<string> =>
    (await stack.http().get(`/v1/jobs/${jobId}`).expect(200)).body.status as string;

  it("shows a job's subscriber each stage through COMPLETED, in order, with cursors and estimates", async () => {
    const jobId = await submitJob(admin, `CASE-LIVE-${run}`);
    const events = await connectEvents(wsUrl, { jobId }, admin);
    const completed = await events.waitFor((event) => event.type === 'job_status_update' && event.status === 'COMPLETED');
    events.close();
    const updates = statusUpdates(events.messages);
    expect(updates.every((update) => update.jobId === jobId && update.workflowId === `job-${jobId}`)).toBe(true);
    expect(updates.map((update) => `${update.status}/${update.stage}`)).toEqual([
      'RUNNING/SCHEDULED',
      'RUNNING/COMPLETED',
      'COMPLETED/COMPLETED',
    ]);
    expect(updates.map((update) => update.progress)).toEqual([0, 1, 1]);
    const times = updates.map((update) => Date.parse(update.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(updates.map((update) => update.cursor)).size).toBe(updates.length);
    expect(completed).toMatchObject({ type: 'job_status_update', jobType: 'RISK_ASSESSMENT', estimatedCompletion: completed.at });
  });

  it("shows an investigation's subscriber each step, then its completion", async () => {
    const investigationId = (await stack.http().post('/v1/investigations').send(fraudInvestigation).expect(202)).body
      .investigationId as string;
    const events = await connectEvents(wsUrl, { investigationId }, admin);
    const done = (await events.waitFor(isTerminal, 120_000)) as JobStatusUpdate;
    events.close();
    expect(done).toMatchObject({ investigationId, status: 'COMPLETED', progress: 1 });
    const stepNames = (done.steps ?? []).map((step) => step.name);
    expect(stepNames.length).toBeGreaterThan(1);
    const updates = statusUpdates(events.messages);
    // Every step that ran was seen RUNNING, then COMPLETED, in that order.
    for (const step of (done.steps ?? []).filter((s) => s.state === 'COMPLETED')) {
      const states = updates.map((update) => update.steps?.find((s) => s.name === step.name)?.state);
      const firstRunning = states.indexOf('RUNNING');
      const firstCompleted = states.indexOf('COMPLETED');
      expect(firstRunning).toBeGreaterThanOrEqual(0);
      expect(firstCompleted).toBeGreaterThan(firstRunning);
    }
    const progress = updates.map((update) => update.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('loses no terminal status across a drop: a reconnect with the last cursor gets those missed', async () => {
    const caseId = `CASE-RECONNECT-${run}`;
    const first = await connectEvents(wsUrl, { caseId }, admin);
    const firstJob = await submitJob(admin, caseId);
    const seen = await first.waitFor((event) => isTerminal(event) && event.type === 'job_status_update' && event.jobId === firstJob);
    first.socket.terminate();
    const missed = [await submitJob(admin, caseId), await submitJob(admin, caseId)];
    await eventually(
      async () => ((await Promise.all(missed.map(jobStatus))).every((status) => status === 'COMPLETED') ? true : undefined),
      60_000,
    );
    const resumed = await connectEvents(wsUrl, { caseId, since: seen.cursor }, admin);
    for (const jobId of missed) {
      await resumed.waitFor((event) => event.type === 'job_status_update' && event.jobId === jobId && event.status === 'COMPLETED');
    }
    resumed.close();
    expect(statusUpdates(resumed.messages).filter((update) => update.jobId === firstJob && update.status === 'COMPLETED')).toEqual([]);
  });

  it("gives another tenant's token nothing of this tenant's work", async () => {
    const tenantA = await stack.token({ role: 'investigator', tenant: `a-${run}`, sub: 'ann@a' });
    const tenantB = await stack.token({ role: 'investigator', tenant: `b-${run}`, sub: 'bob@b' });
    const caseId = `CASE-WALLS-${run}`;
    const everythingB = await connectEvents(wsUrl, {}, tenantB);
    const caseB = await connectEvents(wsUrl, { caseId }, tenantB);
    const everythingA = await connectEvents(wsUrl, {}, tenantA);
    const jobId = await submitJob(tenantA, caseId);
    const refused = await connectEvents(wsUrl, { jobId }, tenantB);
    expect(await refused.closed).toEqual({ code: 4404, reason: `NOT_FOUND: no job ${jobId}` });
    // The control: tenant A's own subscriber sees the job complete; by then B's would have seen it too.
    await everythingA.waitFor((event) => isTerminal(event) && event.type === 'job_status_update' && event.jobId === jobId);
    const another = await submitJob(tenantA, caseId);
    await everythingA.waitFor((event) => isTerminal(event) && event.type === 'job_status_update' && event.jobId === another);
    for (const connection of [everythingB, caseB, everythingA]) connection.close();
    const leaked = [...everythingB.messages, ...caseB.messages].filter((event) => event.type !== 'agent_health_update');
    expect(leaked).toEqual([]);
    expect(everythingB.messages.some((event) => event.type === 'agent_health_update')).toBe(true);
  });

  it('refuses no token, and a bad filter, before any handshake', async () => {
    await expect(connectEvents(wsUrl, {})).rejects.toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    await expect(connectEvents(wsUrl, {}, 'not-a-token', true)).rejects.toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_TOKEN' } },
    });
    await expect(connectEvents(wsUrl, { jobId: 'bad id!' }, admin)).rejects.toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', details: [{ path: 'jobId' }] } },
    });
    await expect(connectEvents(wsUrl, { since: 'zzzz' }, admin)).rejects.toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'since' }] } },
    });
    await expect(connectEvents(wsUrl, { colour: 'red' }, admin)).rejects.toMatchObject({ status: 400 });
    const plain = await stack.http().get('/v1/events').expect(426);
    expect(plain.body.error.code).toBe('UPGRADE_REQUIRED');
  });

  it('signs in with access_token in the query string, which never reaches the logs', async () => {
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createApp({
      config: stack.config,
      client: stack.client,
      logger: createLogger({}, 'debug', logs),
      webUiUrl: 'http://127.0.0.1:8233',
    });
    const logged = await listenOnFreePort(app);
    try {
      const token = await stack.token({ role: 'viewer', sub: 'query-signer' });
      const events = await connectEvents(logged.wsUrl, {}, token, true);
      await events.waitFor((event) => event.type === 'agent_health_update');
      events.close();
      await events.closed;
      await expect(connectEvents(logged.wsUrl, {}, `${token}x`, true)).rejects.toMatchObject({ status: 401 });
      await eventually(() => Promise.resolve(lines.some((line) => line.includes('events subscriber disconnected')) ? true : undefined));
      const all = lines.join('');
      expect(all).toContain('access_token');
      expect(all).not.toContain(token);
    } finally {
      await new Promise((resolve) => logged.server.close(resolve));
    }
  });
});

describe('estimated completion', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
  });
  afterAll(() => stack.stop());

  it('says null with nothing to learn from, then estimates from recent durations on submit, GET and events', async () => {
    const submit = async () => (await stack.http().post('/v1/jobs').send(riskJob).expect(202)).body as Record<string, unknown>;
    const first = await submit();
    expect(first).toMatchObject({ estimatedTime: null, estimatedCompletion: null });
    const earlier = [first.jobId as string];
    for (let i = 0; i < 3; i++) earlier.push((await submit()).jobId as string);
    const done = async (jobId: string) => ((await stack.http().get(`/v1/jobs/${jobId}`)).body as { status: string }).status === 'COMPLETED';
    await eventually(async () => ((await Promise.all(earlier.map(done))).every(Boolean) ? true : undefined), 60_000);
    // Visibility caches the samples for 10 s; a new estimator (a new app) reads them at once.
    const app = createApp({ config: stack.config, client: stack.client, logger: createLogger({}, 'silent') });
    const token = await stack.token({ role: 'admin' });
    const answer = (await request(app).post('/v1/jobs').set('Authorization', `Bearer ${token}`).send(riskJob).expect(202)).body as {
      jobId: string;
      estimatedTime: number;
      estimatedCompletion: string;
    };
    expect(answer.estimatedTime).toBeGreaterThan(0);
    expect(Date.parse(answer.estimatedCompletion)).toBeGreaterThan(Date.now() - 60_000);
    const view = (await request(app).get(`/v1/jobs/${answer.jobId}`).set('Authorization', `Bearer ${token}`).expect(200)).body as {
      estimatedCompletion: string | null;
    };
    expect(typeof view.estimatedCompletion).toBe('string');
  });
});
