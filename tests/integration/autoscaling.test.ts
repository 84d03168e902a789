import { createLogger } from '../../src/logging/logger';
import { agentTaskQueue } from '../../src/config/task-queues';
import { AgentWorkerPool } from '../../src/supervision/agent-pool';
import { startAgentWorkers, type AgentWorkers } from '../../src/supervision/agent-workers';
import type { ScalingEvent } from '../../src/supervision/autoscaler';
import { agentQueueBacklog } from '../../src/system/queue-backlog';
import { writeConfigVariant } from './harness/config-variant';
import { heavyComplianceJob } from './harness/heavy-compliance-job';
import { pidOfWorkerIdentity } from './harness/latency';
import { stepRunsOf } from './harness/step-runs';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

/**
 * npm start's autoscaler on a real dev server, with the compliance agent's workers in child processes as npm start
 * runs them: one slot per worker, between 1 and 2 workers, a 1 s evaluation interval and a 3 s cooldown.
 *
 * What it asserts: a burst of CPU-heavy jobs adds the second worker, which takes steps; once idle for the cooldown
 * one worker is drained; every job completes with its step run exactly once (one start, attempt 1, in Temporal's
 * history). And a drain while a step runs lets the step finish on that worker before the process exits.
 */
describe('autoscaling agent worker processes', () => {
  let stack: TestStack;
  const logger = createLogger({ component: 'test' }, process.env.TEST_LOG_LEVEL ?? 'warn');
  const childEnv = { ...process.env, LOG_LEVEL: 'warn' };

  beforeAll(async () => {
    const configFile = writeConfigVariant((config) => {
      config.autoscaling = { interval: '1s' };
      Object.assign(config.agents?.compliance as object, {
        maxConcurrentActivities: 1,
        minWorkers: 1,
        maxWorkers: 2,
        scaleUpBacklogAge: '1s',
        scaleCooldown: '3s',
        drainTimeout: '60s',
      });
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers({ agents: [], orchestration: true });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  // Each step is the largest screening a job may ask for (seconds of one core), so that on an idle machine too the
  // burst outlasts the start of the added worker process.
  const submitBurst = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await stack
        .http()
        .post('/v1/jobs')
        .send(heavyComplianceJob(2_000, 5_000, `CASE-SCALE-${i}`))
        .expect(202);
      ids.push(response.body.workflowId as string);
    }
    return ids;
  };

  const expectEachStepRanOnce = async (workflowIds: readonly string[]): Promise<Set<string>> => {
    const queue = agentTaskQueue(stack.config, 'compliance');
    const identities = new Set<string>();
    for (const workflowId of workflowIds) {
      const handle = stack.client.workflow.getHandle(workflowId);
      await handle.result();
      expect((await handle.describe()).status.name).toBe('COMPLETED');
      const runs = await stepRunsOf(stack.client, workflowId, queue);
      expect(runs.map((run) => run.attempt)).toEqual([1]);
      identities.add(runs[0]?.identity ?? '');
    }
    return identities;
  };

  it('adds a worker under a backlog, drains one when idle, and runs every step exactly once', async () => {
    const events: ScalingEvent[] = [];
    let workers: AgentWorkers | undefined;
    try {
      workers = startAgentWorkers({
        config: stack.config,
        agents: ['compliance'],
        logger,
        env: childEnv,
        readBacklog: (agent) => agentQueueBacklog(stack.config, stack.client, agent),
        onScalingEvent: (event) => events.push(event),
      });
      await workers.ready;
      expect(workers.pids().compliance).toHaveLength(1);

      const workflowIds = await submitBurst(10);
      await eventually(() => Promise.resolve(events.some((event) => event.action === 'up' && event.to === 2) ? true : undefined), 120_000);
      const identities = await expectEachStepRanOnce(workflowIds);
      // The added worker took part: the steps ran in two processes.
      expect(new Set([...identities].map(pidOfWorkerIdentity)).size).toBe(2);

      const down = await eventually(() => Promise.resolve(events.find((event) => event.action === 'down')), 60_000);
      expect(down).toMatchObject({ agent: 'compliance', from: 2, to: 1, backlogCount: 0 });
      expect(down.reason).toContain('scaleDownThreshold 0.2');
      expect(workers.pids().compliance).toHaveLength(1);
      expect(events.filter((event) => event.action === 'up')).toHaveLength(1);
    } finally {
      await workers?.stop();
    }
  });

  it('drains a worker whose step is running: the step finishes there, once, before the process exits', async () => {
    const pool = new AgentWorkerPool('compliance', stack.config, logger, childEnv);
    try {
      await Promise.all([pool.add(), pool.add()]);
      const [workflowId] = await submitBurst(1);
      const handle = stack.client.workflow.getHandle(workflowId as string);
      const identity = await eventually(async () => {
        const pending = (await handle.describe()).raw.pendingActivities?.[0];
        return pending?.lastStartedTime ? (pending.lastWorkerIdentity ?? undefined) : undefined;
      }, 60_000);
      const running = pool.list().find((member) => member.process.pid() === pidOfWorkerIdentity(identity));
      expect(running).toBeDefined();
      await pool.drain(running!);
      // The drain returned only once the process had exited; the step finished there, in its one attempt.
      expect(running!.process.pid()).toBeUndefined();
      await handle.result();
      const runs = await stepRunsOf(stack.client, workflowId as string, agentTaskQueue(stack.config, 'compliance'));
      expect(runs).toEqual([{ attempt: 1, identity, startedAt: expect.any(Number) }]);
      expect(pool.size()).toBe(1);
    } finally {
      await pool.stopAll();
    }
  });
});
