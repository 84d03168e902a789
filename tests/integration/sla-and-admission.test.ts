import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SlaBreachedAttribute, SlaDeadlineAttribute, SlaStatusAttribute } from '../../src/contracts/search-attributes';
import { startAlertReceiver } from './harness/alert-receiver';
import { writeConfigVariant } from './harness/config-variant';
import { stepEvents } from './harness/history';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';
import { slaAlertWorkflowId } from '../../src/contracts/workflow-ids';

const journalFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-sla-')), 'journal.log');
const riskData = { entity: { id: 'ENT-1', name: 'Northbridge Trading Co' }, factors: { sanctionsHit: true } };

describe('SLA timers: warning, breach, alerts once each, escalation', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startAlertReceiver>>;

  beforeAll(async () => {
    receiver = await startAlertReceiver();
    process.env.JOURNAL_FILE = journalFile;
    writeFileSync(journalFile, '');
    const configFile = writeConfigVariant((config) => {
      (config.priorities!.HIGH as Record<string, unknown>).sla = '3s';
      (config.priorities!.CRITICAL as Record<string, unknown>).sla = '3s';
      config.sla = { warningFraction: 0.5 };
      config.agents!.journal = { taskQueue: 'agent-journal', module: path.resolve(__dirname, '../fixtures/agents/journal-agent.ts') };
      config.jobTypes!.JOURNAL_SLOWPOST = { agent: 'journal', action: 'slowPost', retryPolicy: 'immediate' };
    });
    stack = await startTestStack({ configFile, env: { TASKMASTER_ALERT_WEBHOOK_URL: receiver.url } });
    // The risk agent is not running: the step waits in its queue past the deadline.
    await stack.startWorkers({ agents: [] });
  });
  afterAll(async () => {
    await stack.stop();
    await receiver.close();
  });

  it('says a CRITICAL breach cannot escalate: the steps are already at the highest priority', async () => {
    // No risk worker yet: the step waits past the deadline (it runs once the next test starts the worker).
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'RISK_ASSESSMENT', priority: 'CRITICAL', caseId: 'CASE-SLA-TOP', data: riskData })
      .expect(202);
    const breach = await eventually(
      () =>
        Promise.resolve(
          receiver.alerts.find((alert) => alert.body.workflowId === submitted.body.workflowId && alert.body.event === 'SLA_BREACH'),
        ),
      30_000,
    );
    expect(breach.body.action).toBe('none: the steps still to run are already at the highest priority (key 1)');
  });

  it('alerts at the warning and the breach, marks the job, and reruns the waiting step one class higher', async () => {
    // The webhook is down at first: neither the breach nor the escalation may wait for it.
    receiver.down = true;
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'RISK_ASSESSMENT', priority: 'HIGH', caseId: 'CASE-SLA', data: riskData })
      .expect(202);
    const workflowId = submitted.body.workflowId as string;
    const handle = stack.client.workflow.getHandle(workflowId);
    const initial = await handle.describe();
    expect(initial.typedSearchAttributes.get(SlaDeadlineAttribute)).toBeInstanceOf(Date);
    expect(initial.typedSearchAttributes.get(SlaBreachedAttribute)).toBe(false);

    const alertsFor = (event: string) =>
      receiver.alerts.filter((alert) => alert.body.workflowId === workflowId && alert.body.event === event);
    const breached = await eventually(async () => {
      const description = await handle.describe();
      return description.typedSearchAttributes.get(SlaBreachedAttribute) === true ? description : undefined;
    }, 20_000);
    expect(breached.typedSearchAttributes.get(SlaStatusAttribute)).toBe('BREACHED');
    const escalatedWhileDown = await eventually(async () => {
      const events = await stepEvents(stack.client, workflowId);
      return events.scheduled.filter((step) => step.activityType === 'assessRisk').length === 2 ? events : undefined;
    });
    expect(escalatedWhileDown.canceled).toBe(1);
    expect(receiver.refused).toBeGreaterThan(0);
    expect(alertsFor('SLA_BREACH')).toHaveLength(0);

    receiver.down = false;
    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${submitted.body.jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    });
    expect(job.status).toBe('COMPLETED');
    expect(job.result.score).toBeGreaterThan(0);

    const steps = await stepEvents(stack.client, workflowId);
    const riskSteps = steps.scheduled.filter((step) => step.activityType === 'assessRisk');
    expect(riskSteps.map((step) => step.priorityKey)).toEqual([2, 1]);
    expect(steps.canceled).toBe(1);

    // Each alert has its own workflow, which retried until the webhook was back.
    await eventually(
      () => Promise.resolve(alertsFor('SLA_BREACH').length > 0 && alertsFor('SLA_WARNING').length > 0 ? true : undefined),
      60_000,
    );
    for (const event of ['SLA_WARNING', 'SLA_BREACH'] as const) {
      const alertWorkflow = stack.client.workflow.getHandle(slaAlertWorkflowId(initial.runId, event));
      await alertWorkflow.result();
    }

    // Exactly one alert per event, with a stable id the receiver could deduplicate on.
    expect(alertsFor('SLA_WARNING')).toHaveLength(1);
    expect(alertsFor('SLA_BREACH')).toHaveLength(1);
    const [breach] = alertsFor('SLA_BREACH');
    expect(breach?.idempotencyKey).toBe(breach?.body.alertId);
    expect(breach?.body).toMatchObject({ jobId: submitted.body.jobId, priority: 'HIGH', caseId: 'CASE-SLA', slaMs: 3000 });
    expect(String(breach?.body.action)).toContain('priority key 1');

    const report = await eventually(async () => {
      const response = await stack.http().get('/v1/sla?window=1h').expect(200);
      const high = response.body.classes.find((entry: { priority: string }) => entry.priority === 'HIGH');
      return high.breachedInWindow >= 1 ? high : undefined;
    });
    expect(report).toMatchObject({ priority: 'HIGH', slaMs: 3000, closedInWindow: 1, compliance: 0 });
  });

  it('escalates the steps of an investigation that run after its breach', async () => {
    // The risk agent runs since the test above; the fraud agent starts only after the breach.
    const started = await stack
      .http()
      .post('/v1/investigations')
      .send({
        priority: 'HIGH',
        caseId: 'CASE-SLA-INV',
        input: { entity: riskData.entity },
        definition: {
          name: 'late-screen',
          version: 1,
          steps: [
            { name: 'screen', agent: 'fraud', action: 'detectFraud', input: { transactions: [] } },
            { name: 'score', agent: 'risk', action: 'assessRisk', input: { entity: '${input.entity}' }, dependsOn: ['screen'] },
          ],
        },
      })
      .expect(202);
    const workflowId = started.body.workflowId as string;
    const alertsFor = (event: string) =>
      receiver.alerts.filter((alert) => alert.body.workflowId === workflowId && alert.body.event === event);
    await eventually(() => Promise.resolve(alertsFor('SLA_BREACH').length > 0 ? true : undefined), 20_000);
    await stack.startWorkers({ agents: ['fraud'], orchestration: false });
    const investigation = await eventually(async () => {
      const response = await stack.http().get(`/v1/investigations/${started.body.investigationId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    });
    expect(investigation.status).toBe('COMPLETED');
    const steps = await stepEvents(stack.client, workflowId);
    const keyOf = (activityType: string) => steps.scheduled.find((step) => step.activityType === activityType)?.priorityKey;
    expect(keyOf('detectFraud')).toBe(2);
    expect(keyOf('assessRisk')).toBe(1);
    expect(alertsFor('SLA_WARNING')).toHaveLength(1);
    expect(alertsFor('SLA_BREACH')).toHaveLength(1);
  });

  it('a job that finishes in time raises no alert (the risk agent runs since the test above)', async () => {
    const submitted = await stack.http().post('/v1/jobs').send({ type: 'RISK_ASSESSMENT', priority: 'HIGH', data: riskData }).expect(202);
    await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${submitted.body.jobId}`).expect(200);
      return response.body.status === 'COMPLETED' ? true : undefined;
    });
    const description = await stack.client.workflow.getHandle(submitted.body.workflowId).describe();
    expect(description.typedSearchAttributes.get(SlaStatusAttribute)).toBe('ON_TRACK');
    expect(receiver.alerts.filter((alert) => alert.body.jobId === submitted.body.jobId)).toEqual([]);
  });

  it('lets a step that is already running at the breach finish, instead of running it again', async () => {
    await stack.startWorkers({ agents: ['journal'], orchestration: false });
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'JOURNAL_SLOWPOST', priority: 'HIGH', data: { entryId: 'RUN-1', ms: 5000 } })
      .expect(202);
    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${submitted.body.jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    }, 30_000);
    expect(job.status).toBe('COMPLETED');
    const description = await stack.client.workflow.getHandle(submitted.body.workflowId).describe();
    expect(description.typedSearchAttributes.get(SlaBreachedAttribute)).toBe(true);
    const steps = await stepEvents(stack.client, submitted.body.workflowId);
    expect(steps.scheduled.filter((step) => step.activityType === 'slowPost').map((step) => step.priorityKey)).toEqual([2]);
    expect(
      readFileSync(journalFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('slow RUN-1')),
    ).toHaveLength(1);
  });
});

describe('admission control per class', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const configFile = writeConfigVariant((config) => {
      (config.priorities!.LOW as Record<string, unknown>).maxOpen = 2;
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers({ agents: [] });
  });
  afterAll(() => stack.stop());

  it('answers 429 with Retry-After at the limit, and accepts again once jobs finish', async () => {
    const job = { type: 'RISK_ASSESSMENT', priority: 'LOW', data: riskData };
    const keyed = await stack
      .http()
      .post('/v1/jobs')
      .send({ ...job, idempotencyKey: 'admission-retry' })
      .expect(202);
    await stack.http().post('/v1/jobs').send(job).expect(202);
    const refused = await stack.http().post('/v1/jobs').send(job).expect(429);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.error).toMatchObject({ code: 'CLASS_AT_CAPACITY', details: { priority: 'LOW', maxOpen: 2 } });
    // A retried request still finds the job it created, even at capacity; a reused key still gets its 409.
    const retried = await stack
      .http()
      .post('/v1/jobs')
      .send({ ...job, idempotencyKey: 'admission-retry' })
      .expect(200);
    expect(retried.body.jobId).toBe(keyed.body.jobId);
    await stack
      .http()
      .post('/v1/jobs')
      .send({ ...job, name: 'another request', idempotencyKey: 'admission-retry' })
      .expect(409);
    await stack
      .http()
      .post('/v1/jobs')
      .send({ ...job, idempotencyKey: 'admission-new' })
      .expect(429);
    // Other classes are not affected.
    await stack
      .http()
      .post('/v1/jobs')
      .send({ ...job, priority: 'NORMAL' })
      .expect(202);

    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    await eventually(
      async () => {
        const response = await stack.http().post('/v1/jobs').send(job);
        return response.status === 202 ? true : undefined;
      },
      30_000,
      500,
    );
    const open = await stack.http().get('/v1/jobs?priority=LOW&status=COMPLETED').expect(200);
    expect(open.body.jobs.length).toBeGreaterThanOrEqual(2);
  });
});
