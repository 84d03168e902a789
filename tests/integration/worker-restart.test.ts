import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeConfigVariant } from './harness/config-variant';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const projectRoot = path.resolve(__dirname, '../..');

describe('a job survives a worker restart in the middle of its activity', () => {
  let stack: TestStack;
  let configFile: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    configFile = writeConfigVariant((config) => {
      config.agents!.digest = {
        taskQueue: 'agent-digest',
        maxConcurrentActivities: 2,
        module: path.join(projectRoot, 'tests/fixtures/agents/checkpointed-digest-agent.ts'),
      };
      config.jobTypes!.DOCUMENT_DIGEST = {
        agent: 'digest',
        action: 'digestDocuments',
        timeout: '5m',
        heartbeatTimeout: '2s',
        retryPolicy: 'immediate',
      };
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers({ agents: [] });
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await stack.stop();
  });

  /** The agent worker as a separate process, exactly as `npm run worker -- --agent digest` runs it. */
  function startAgentWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/agent-worker.ts', '--agent', 'digest'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        TASKMASTER_CONFIG: configFile,
        // The suite's data dir holds the key ring the harness created, as a first npm start would.
        TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR,
        TEMPORAL_ADDRESS: stack.config.connection.address,
        TASKMASTER_TASK_QUEUE_PREFIX: stack.config.taskQueuePrefix,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  }

  it('resumes from its last heartbeat on a new worker and completes', async () => {
    const documents = Array.from({ length: 12 }, (_, index) => `exhibit ${index}: wire transfer memo`);
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'DOCUMENT_DIGEST', caseId: 'CASE-RESTART', data: { documents, msPerItem: 500 } })
      .expect(202);
    const jobId = submitted.body.jobId as string;

    const first = startAgentWorker();
    // Wait until the activity has started and checkpointed some, but not all, documents.
    await eventually(async () => {
      const response = await stack.client.workflow.getHandle(submitted.body.workflowId).describe();
      const pending = response.raw.pendingActivities?.[0];
      const details = pending?.heartbeatDetails?.payloads?.length ?? 0;
      return details > 0 ? true : undefined;
    }, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    startAgentWorker();
    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    }, 90_000);

    expect(job.status).toBe('COMPLETED');
    const result = job.result as { digests: string[]; attempt: number; resumedFrom: number };
    expect(result.attempt).toBeGreaterThanOrEqual(2);
    expect(result.resumedFrom).toBeGreaterThan(0);
    expect(result.resumedFrom).toBeLessThan(documents.length);
    expect(result.digests).toEqual(documents.map((document) => createHash('sha256').update(document).digest('hex')));
  });
});
