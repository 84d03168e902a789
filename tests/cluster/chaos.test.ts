/**
 * The cluster when parts of it fail: a Temporal service killed, a worker host cut off the network, the database
 * stopped, a client with the wrong certificate. Runs under npm run test:cluster (root: network namespaces).
 */
import { readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { LocalCluster } from '../../deploy/local-cluster/local-cluster';
import { stepActivityId } from '../../src/contracts/step-activity-ids';
import { journalFixture } from '../integration/harness/journal';
import { writeConfigVariant } from '../integration/harness/config-variant';
import { eventually, startTestStack, type TestStack } from '../integration/harness/test-stack';
import { clusterTestOptions } from './harness/cluster-options';
import { startHostWorker, type HostWorker } from './harness/host-worker';

const { begin, agent, journal, journalFile } = journalFixture('chaos');

describe('the cluster under failure', () => {
  let stack: TestStack;
  let cluster: LocalCluster;
  let configFile: string;
  const workers: HostWorker[] = [];

  beforeAll(async () => {
    begin();
    configFile = writeConfigVariant((config) => {
      config.agents!.journal = { ...agent, maxConcurrentActivities: 20 };
      config.jobTypes!.JOURNAL_POST = { agent: 'journal', action: 'postEntry', timeout: '5m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_HOSTSTEP = {
        agent: 'journal',
        action: 'hostStep',
        timeout: '5m',
        heartbeatTimeout: '3s',
        retryPolicy: 'immediate',
      };
    });
    stack = await startTestStack({ configFile });
    // The workflows run here; the agents only on the cluster's worker hosts.
    await stack.startWorkers({ agents: [] });
    cluster = await LocalCluster.open({ ...clusterTestOptions, dir: process.env.TASKMASTER_TEST_CLUSTER_DIR ?? '' });
  });
  afterEach(async () => {
    if (!cluster) return;
    for (const host of cluster.layout.workerHosts) await cluster.reconnectHost(host);
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });
  afterAll(() => stack?.stop());

  const hostWorker = async (index: number): Promise<HostWorker> => {
    const host = cluster.layout.workerHosts[index];
    if (!host) throw new Error(`no worker host ${index}`);
    const worker = await startHostWorker(host, ['journal'], {
      configFile,
      taskQueuePrefix: stack.config.taskQueuePrefix,
      extra: { JOURNAL_FILE: journalFile, JOURNAL_HOST: host.namespace },
    });
    workers.push(worker);
    return worker;
  };
  const submit = async (body: Record<string, unknown>): Promise<string> =>
    (await stack.http().post('/v1/jobs').send(body).expect(202)).body.jobId as string;
  const closedJob = (jobId: string, timeoutMs = 180_000) =>
    eventually(
      async () => {
        const response = await stack.http().get(`/v1/jobs/${jobId}`);
        return response.status === 200 && response.body.status !== 'RUNNING' ? (response.body as Record<string, any>) : undefined;
      },
      timeoutMs,
      500,
    );

  it('completes every job in flight when the history service is killed (kill -9) and restarted, each job once', async () => {
    await hostWorker(0);
    const marker = `KILL-${Date.now()}`;
    const jobIds = await Promise.all(
      Array.from({ length: 20 }, (_, index) => submit({ type: 'JOURNAL_POST', caseId: marker, data: { entryId: `${marker}-${index}` } })),
    );
    await cluster.stopService('history', 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await cluster.startService('history');
    const jobs = await Promise.all(jobIds.map((jobId) => closedJob(jobId)));
    expect(jobs.map((job) => job.status)).toEqual(jobIds.map(() => 'COMPLETED'));
    // One run per job: nothing started twice by the crash.
    for (const jobId of jobIds) {
      const runs = await stack.client.workflow.count(`WorkflowId = "job-${jobId}"`);
      expect(runs.count).toBe(1);
    }
    // Each entry was posted; an activity whose completion the dead shard never recorded may run again
    // (Temporal's at-least-once), which the journal would show.
    const posted = journal(marker).filter((line) => line.startsWith('post '));
    expect(new Set(posted).size).toBe(20);
  });

  it("retries an investigation's step on another host when its host is cut off the network, and only that step", async () => {
    // Two hosts serve the agent; whichever takes the step's first attempt is cut off in the middle of it.
    const hosts = [await hostWorker(0), await hostWorker(1)];
    const entryId = `CUT-${Date.now()}`;
    const started = await stack
      .http()
      .post('/v1/investigations')
      .send({
        caseId: entryId,
        definition: {
          name: 'cut-off-host',
          version: 1,
          steps: [
            { name: 'open', agent: 'journal', action: 'postEntry', input: { entryId: `${entryId}-open` } },
            {
              name: 'work',
              agent: 'journal',
              action: 'hostStep',
              input: { entryId, ms: 8000 },
              dependsOn: ['open'],
              heartbeatTimeout: '3s',
              retry: { initialInterval: '1s', backoffCoefficient: 1, maximumAttempts: 20 },
            },
            { name: 'close', agent: 'journal', action: 'postEntry', input: { entryId: `${entryId}-close` }, dependsOn: ['work'] },
          ],
        },
      })
      .expect(202);
    const investigationId = started.body.investigationId as string;
    const first = await eventually(() =>
      Promise.resolve(hosts.find((host) => readFileSync(journalFile, 'utf8').includes(`hoststart ${entryId} ${host.host.namespace} 1`))),
    );
    const second = hosts.find((host) => host !== first) as HostWorker;
    await cluster.disconnectHost(first.host);
    const investigation = await eventually(
      async () => {
        const response = await stack.http().get(`/v1/investigations/${investigationId}`);
        return response.status === 200 && response.body.status !== 'RUNNING' ? (response.body as Record<string, any>) : undefined;
      },
      180_000,
      500,
    );
    expect(investigation.error).toBeUndefined();
    expect(investigation.status).toBe('COMPLETED');
    expect(investigation.outputs.work).toMatchObject({ entryId, host: second.host.namespace });
    expect(investigation.outputs.work.attempt).toBeGreaterThanOrEqual(2);
    // Attempts by step, from the history: only the cut step ran more than once, and each step completed once.
    const history = await stack.client.workflow.getHandle(`investigation-${investigationId}`).fetchHistory();
    const events = history.events ?? [];
    const activityIdOf = new Map<string, string>();
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityId) activityIdOf.set(String(event.eventId), scheduled.activityId);
    }
    const attempts = new Map<string, number>();
    const completions = new Map<string, number>();
    for (const event of events) {
      const startedAttrs = event.activityTaskStartedEventAttributes;
      if (startedAttrs) attempts.set(activityIdOf.get(String(startedAttrs.scheduledEventId)) ?? '?', startedAttrs.attempt ?? 0);
      const completedAttrs = event.activityTaskCompletedEventAttributes;
      if (completedAttrs) {
        const id = activityIdOf.get(String(completedAttrs.scheduledEventId)) ?? '?';
        completions.set(id, (completions.get(id) ?? 0) + 1);
      }
    }
    const retried = [...attempts].filter(([, attempt]) => attempt > 1).map(([id]) => id);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toContain('work');
    // Each step's completion once (the run's closing record seal is an activity of its own, not a step).
    expect(['open', 'work', 'close'].map((step) => completions.get(stepActivityId(step)))).toEqual([1, 1, 1]);
  });

  it('answers 503 with Retry-After while PostgreSQL is down, loses no accepted submission, and completes all after', async () => {
    await hostWorker(0);
    const marker = `PG-${Date.now()}`;
    const accepted = await Promise.all(
      Array.from({ length: 5 }, (_, index) => submit({ type: 'JOURNAL_POST', caseId: marker, data: { entryId: `${marker}-${index}` } })),
    );
    await cluster.stopDatabase('immediate');
    try {
      const refused = await stack
        .http()
        .post('/v1/jobs')
        .send({ type: 'JOURNAL_POST', caseId: marker, data: { entryId: `${marker}-down` } });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body.error).toBeDefined();
    } finally {
      await cluster.startDatabase();
    }
    const after = await eventually(
      async () => {
        const response = await stack
          .http()
          .post('/v1/jobs')
          .send({ type: 'JOURNAL_POST', caseId: marker, data: { entryId: `${marker}-after` } });
        return response.status === 202 ? (response.body.jobId as string) : undefined;
      },
      120_000,
      1000,
    );
    const jobs = await Promise.all([...accepted, after].map((jobId) => closedJob(jobId)));
    expect(jobs.map((job) => job.status)).toEqual([...accepted, after].map(() => 'COMPLETED'));
  });

  it('refuses a client whose certificate the cluster did not issue, and one with none', async () => {
    const { certificates } = cluster;
    const attempt = (clientCertPair?: { crt: Buffer; key: Buffer }) =>
      Connection.connect({
        address: cluster.frontendAddress,
        connectTimeout: 5_000,
        tls: {
          serverNameOverride: certificates.frontendServerName,
          serverRootCACertificate: readFileSync(certificates.caCert),
          ...(clientCertPair ? { clientCertPair } : {}),
        },
      }).then(async (connection) => {
        try {
          await connection.workflowService.getSystemInfo({});
        } finally {
          await connection.close();
        }
      });
    await expect(attempt({ crt: readFileSync(certificates.strangerCert), key: readFileSync(certificates.strangerKey) })).rejects.toThrow();
    await expect(attempt()).rejects.toThrow();
    await expect(
      attempt({ crt: readFileSync(certificates.clientCert), key: readFileSync(certificates.clientKey) }),
    ).resolves.toBeUndefined();
  });
});
