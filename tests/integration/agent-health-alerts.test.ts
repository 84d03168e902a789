/**
 * Agent health from Temporal's worker heartbeats, and the operational alerts of the deployment's monitor workflow,
 * against a real dev server with the compliance agent in worker processes of its own: killing one turns the agent
 * down within its heartbeat figures, raises one AGENT_DOWN, and one AGENT_RECOVERED when a new process comes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { agentProcessEnv, agentWorkerScript } from '../../src/supervision/agent-processes';
import { isReadyMessage } from '../../src/supervision/child-messages';
import { projectRoot } from '../../src/project-root';
import { ensureOpsMonitor } from '../../src/operations/ops-monitor';
import type { AgentHealth } from '../../src/agents-health';
import { startAlertReceiver, type AlertReceiver, type ReceivedAlert } from './harness/alert-receiver';
import { writeConfigVariant } from './harness/config-variant';
import { stepEvents } from './harness/history';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const heartbeatInterval = 1_000;
const staleAfter = 3_000;

describe('agent health and operational alerts', () => {
  let stack: TestStack;
  let receiver: AlertReceiver;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    receiver = await startAlertReceiver();
    const configFile = writeConfigVariant((config) => {
      config.operations = {
        agentHealth: { heartbeatInterval: `${heartbeatInterval}ms`, staleAfter: `${staleAfter}ms` },
        alerts: {
          evaluateEvery: '1s',
          // LOW steps waiting over 2 s; more than 40 % of at least 2 jobs closed in the last 10 minutes failed.
          backlogAge: { CRITICAL: null, HIGH: null, NORMAL: null, LOW: '2s' },
          failureRate: { window: '10m', threshold: 0.4, minJobs: 2 },
        },
      };
    });
    stack = await startTestStack({ configFile, env: { TASKMASTER_ALERT_WEBHOOK_URL: receiver.url } });
    // The workflows here; no agent but compliance runs, in the processes this test starts and kills.
    await stack.startWorkers({ agents: [] });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stack.stop();
    await receiver.close();
  });

  /** `npm run worker -- --agent compliance` as npm start runs it, resolved once its workers poll. */
  const startComplianceProcess = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', agentWorkerScript, '--agent', 'compliance'], {
      cwd: projectRoot,
      env: { ...agentProcessEnv(stack.config), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message) => (isReadyMessage(message) ? resolve() : undefined));
      child.once('exit', (code) => reject(new Error(`the compliance worker exited with ${code} before it was ready`)));
    });
    return child;
  };
  const compliance = async (): Promise<AgentHealth> => (await stack.http().get('/v1/agents/compliance').expect(200)).body as AgentHealth;
  const alertsFor = (event: string): ReceivedAlert[] =>
    receiver.alerts.filter((alert) => alert.body.event === event && alert.body.subject === 'compliance');
  /** The alerts the filter keeps, once there is one. */
  const received = (filter: () => ReceivedAlert[], timeoutMs?: number): Promise<ReceivedAlert[]> =>
    eventually(() => Promise.resolve(filter().length > 0 ? filter() : undefined), timeoutMs);

  it('shows measured workers, turns the agent down when its process is killed, and alerts once each way', async () => {
    const first = await startComplianceProcess();
    const healthy = await eventually(async () => {
      const health = await compliance();
      // Until its first heartbeat the worker counts as live from its poller; the figures come with the heartbeat.
      return health.healthStatus === 'healthy' && health.workers.some((worker) => worker.lastHeartbeatAt !== null) ? health : undefined;
    });
    expect(healthy).toMatchObject({ source: 'worker-heartbeats', missing: [], liveWorkers: 1, reasons: [] });
    const [worker] = healthy.workers;
    expect(worker).toMatchObject({ processId: String(first.pid), status: 'RUNNING', live: true, stepsRunning: 0 });
    expect(worker?.identity).toContain(healthy.taskQueue);
    expect(worker?.hostCpuUsage).toEqual(expect.any(Number));
    expect(worker?.hostMemoryUsage).toBeGreaterThan(0);
    expect(worker?.slots).toMatchObject({ used: 0, available: stack.config.agents.compliance?.maxConcurrentActivities });
    const listed = (await stack.http().get('/v1/agents').expect(200)).body.agents as AgentHealth[];
    expect(listed.map((agent) => agent.agent)).toEqual(Object.keys(stack.config.agents));
    expect(listed.find((agent) => agent.agent === 'fraud')).toMatchObject({ healthStatus: 'down', reasons: ['no live worker'] });

    const monitorId = await ensureOpsMonitor(stack.config, stack.client);
    // A second facade finds the same monitor running: one evaluation per deployment.
    expect(await ensureOpsMonitor(stack.config, stack.client)).toBe(monitorId);
    const runs = await stack.client.workflow.count(`WorkflowId = "${monitorId}" AND ExecutionStatus = "Running"`);
    expect(runs.count).toBe(1);

    const killedAt = Date.now();
    first.kill('SIGKILL');
    const down = await eventually(async () => {
      const health = await compliance();
      return health.healthStatus === 'down' ? health : undefined;
    });
    const detectedMs = Date.now() - killedAt;
    console.log(
      `compliance down ${detectedMs} ms after its worker was killed (heartbeat ${heartbeatInterval} ms, stale after ${staleAfter} ms)`,
    );
    expect(detectedMs).toBeLessThan(staleAfter + 3 * heartbeatInterval);
    expect(down.reasons[0]).toBe('no live worker');
    expect(down.reasons.join(' ')).toMatch(/last heartbeat \d+ s ago/);

    const [downAlert] = await received(() => alertsFor('AGENT_DOWN'));
    expect(downAlert?.body).toMatchObject({ state: 'FIRING', incidentKey: 'AGENT_DOWN/compliance' });
    expect(downAlert?.idempotencyKey).toBe(downAlert?.body.alertId);

    await startComplianceProcess();
    const [recovered] = await received(() => alertsFor('AGENT_RECOVERED'));
    expect(recovered?.body).toMatchObject({ state: 'RESOLVED', incidentKey: 'AGENT_DOWN/compliance', openedAt: downAlert?.body.openedAt });
    expect((await compliance()).healthStatus).not.toBe('down');

    // Three more evaluations later, still one alert each way.
    const evaluations = (await stepEvents(stack.client, monitorId)).startedAt.length;
    await eventually(async () => ((await stepEvents(stack.client, monitorId)).startedAt.length >= evaluations + 3 ? true : undefined));
    expect(alertsFor('AGENT_DOWN')).toHaveLength(1);
    expect(alertsFor('AGENT_RECOVERED')).toHaveLength(1);
  });

  it('raises one JOB_FAILED for a job that fails for good', async () => {
    await ensureOpsMonitor(stack.config, stack.client);
    // No fraud worker: the dependency waits until it is cancelled, and its dependant then fails.
    const dependency = (
      await stack
        .http()
        .post('/v1/jobs')
        .send({ type: 'FRAUD_DETECTION', data: { transactions: [] } })
        .expect(202)
    ).body;
    const dependant = (
      await stack
        .http()
        .post('/v1/jobs')
        .send({ type: 'FRAUD_DETECTION', dependsOn: [dependency.jobId], data: { transactions: [] } })
        .expect(202)
    ).body;
    await stack.http().post(`/v1/jobs/${dependency.jobId}/cancel`).expect(202);
    const failedAlerts = (): ReceivedAlert[] =>
      receiver.alerts.filter((alert) => alert.body.event === 'JOB_FAILED' && alert.body.subject === dependant.workflowId);
    const [alert] = await received(failedAlerts, 60_000);
    expect(alert?.body).toMatchObject({ state: 'FIRING', details: { kind: 'job', jobType: 'FRAUD_DETECTION' } });
    const monitorId = await ensureOpsMonitor(stack.config, stack.client);
    const evaluations = (await stepEvents(stack.client, monitorId)).startedAt.length;
    await eventually(async () => ((await stepEvents(stack.client, monitorId)).startedAt.length >= evaluations + 3 ? true : undefined));
    expect(failedAlerts()).toHaveLength(1);
    // One failed of the two jobs closed so far (the cancelled dependency and its dependant): over 40 %.
    const [rate] = await received(() => receiver.alerts.filter((alert) => alert.body.event === 'FAILURE_RATE'));
    expect(rate?.body).toMatchObject({ state: 'FIRING', details: { failed: 1, closed: 2 } });
  });

  it('raises BACKLOG_AGE for a class whose oldest step waits too long, and resolves it and the failure rate once work runs', async () => {
    const backlog = (state: string): ReceivedAlert[] =>
      receiver.alerts.filter((alert) => alert.body.event === 'BACKLOG_AGE' && alert.body.state === state);
    const low = (
      await stack
        .http()
        .post('/v1/jobs')
        .send({ type: 'FRAUD_DETECTION', priority: 'LOW', data: { transactions: [] } })
        .expect(202)
    ).body;
    const [firing] = await received(() => backlog('FIRING'), 60_000);
    expect(firing?.body).toMatchObject({ subject: 'LOW', details: { priority: 'LOW', agents: ['fraud'] } });
    // A fraud worker drains the backlog; the completed job brings the failure rate to 1 of 3, under the threshold.
    await stack.startWorkers({ agents: ['fraud'], orchestration: false });
    await eventually(async () =>
      (await stack.http().get(`/v1/jobs/${low.jobId}`).expect(200)).body.status === 'COMPLETED' ? true : undefined,
    );
    const [resolved] = await received(() => backlog('RESOLVED'), 60_000);
    expect(resolved?.body).toMatchObject({ incidentKey: 'BACKLOG_AGE/LOW', openedAt: firing?.body.openedAt });
    const rateResolved = await received(() =>
      receiver.alerts.filter((alert) => alert.body.event === 'FAILURE_RATE' && alert.body.state === 'RESOLVED'),
    );
    expect(rateResolved).toHaveLength(1);
    expect(backlog('FIRING')).toHaveLength(1);
  });
});
