/**
 * The cluster when parts of it fail: a Temporal service killed, a worker host cut off the network, the database
 * stopped, a client with the wrong certificate. Runs under npm run test:cluster (root: network namespaces).
 */
import { readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { LocalCluster } from '../../deploy/local-cluster/local-cluster';
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
      config.agents!.journal = { ...agent, heartbeatTimeout: '3s', maxConcurrentActivities: 20 };
      config.jobTypes!.JOURNAL_POST = { agent: 'journal', action: 'postEntry', timeout: '5m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_HOSTSTEP = { agent: 'journal', action: 'hostStep', timeout: '5m', retryPolicy: 'immediate' };
    });
    stack = await startTestStack({ configFile });
    // The workflows run here; the agents only on the cluster's worker hosts.
    await stack.startWorkers({ agents: [] });
    cluster = await LocalCluster.open({ ...clusterTestOptions, dir: process.env.TASKMASTER_TEST_CLUSTER_DIR ?? '' });
  });
  afterEach(async () => {
    for (const host of cluster.layout.workerHosts) await cluster.reconnectHost(host);
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });
  afterAll(() => stack.stop());

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

  it('retries a step on another host when its host is cut off the network, and only that step', async () => {
    const first = await hostWorker(0);
    const entryId = `CUT-${Date.now()}`;
    const jobId = await submit({ type: 'JOURNAL_HOSTSTEP', caseId: entryId, data: { entryId, ms: 8000 } });
    await eventually(() =>
      Promise.resolve(readFileSync(journalFile, 'utf8').includes(`hoststart ${entryId} ${first.host.namespace} 1`) || undefined),
    );
    // A second host joins, then the first loses its network mid-step.
    const second = await hostWorker(1);
    await cluster.disconnectHost(first.host);
    const job = await closedJob(jobId);
    expect(job.status).toBe('COMPLETED');
    expect(job.result).toMatchObject({ entryId, host: second.host.namespace, attempt: 2 });
    const history = await stack.client.workflow.getHandle(`job-${jobId}`).fetchHistory();
    const completed = (history.events ?? []).filter((event) => event.activityTaskCompletedEventAttributes);
    expect(completed).toHaveLength(1);
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
