import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logging/logger';
import { agentProcessesReady, startAgentProcesses, stopAgentProcesses } from '../../src/supervision/agent-processes';
import type { SupervisedProcess } from '../../src/supervision/supervised-process';
import { heavyComplianceJob } from './harness/heavy-compliance-job';
import { percentileOf, pidOfWorkerIdentity, sequentialLatencies } from './harness/latency';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

/**
 * The facade stays responsive while an agent computes, because `npm start` runs the agent in a child process:
 * the facade and the workflow worker here, the compliance agent in a supervised child, as npm start runs them.
 *
 * What it asserts: the heavy step runs in the child (its worker's pid is the child's, not this process's), and
 * /healthz p99 over 50 sequential requests made during that step stays under 1 s. The 100 ms target is measured
 * by `npm run bench:facade`, not asserted here: on a shared 2-core CI machine the scheduler alone can hold this
 * process off the CPU for longer than 100 ms, whereas an agent on the facade's event loop held /healthz 5.5 s.
 */
describe('agents in child processes', () => {
  let stack: TestStack;
  let agents: SupervisedProcess[] = [];
  let server: Server;
  let apiUrl: string;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers({ agents: [], orchestration: true });
    agents = startAgentProcesses(stack.config, ['compliance'], createLogger({}, 'warn'), { ...process.env, LOG_LEVEL: 'warn' });
    await agentProcessesReady(agents);
    server = await new Promise<Server>((resolve) => {
      const listening = stack.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await stopAgentProcesses(agents);
    await stack?.stop();
  });

  it('runs a CPU-heavy agent step in the child while /healthz keeps answering promptly', async () => {
    const submitted = await stack.http().post('/v1/jobs').send(heavyComplianceJob()).expect(202);
    const handle = stack.client.workflow.getHandle(submitted.body.workflowId as string);
    const workerIdentity = await eventually(async () => {
      const pending = (await handle.describe()).raw.pendingActivities?.[0];
      return pending?.lastStartedTime ? (pending.lastWorkerIdentity ?? undefined) : undefined;
    }, 60_000);
    expect(pidOfWorkerIdentity(workerIdentity)).toBe(agents[0]?.pid());
    expect(pidOfWorkerIdentity(workerIdentity)).not.toBe(process.pid);

    const latencies = await sequentialLatencies(`${apiUrl}/healthz`, 50);
    // The measurement must overlap the agent's work: the step is still running when it ends.
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(percentileOf(latencies, 0.99)).toBeLessThan(1_000);

    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${submitted.body.jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    }, 120_000);
    expect(job).toMatchObject({ status: 'COMPLETED', result: { screenedCounterparties: 2_000 } });
  });
});
