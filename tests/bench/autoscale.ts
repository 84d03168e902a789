/**
 * `npm run bench:autoscale [-- --jobs 16 --counterparties 1000 --names 3000]`: the same burst of CPU-heavy
 * COMPLIANCE_MONITORING jobs (each screens `counterparties` against `names` watch-list names, seconds of one core)
 * on the compliance agent, run twice in one run against one dev server, with the agent's workers in child processes
 * as `npm start` runs them, one slot each:
 *   1. autoscaled from 1 worker up to the machine's cores (minWorkers 1, maxWorkers = cores, 1 s interval, 5 s cooldown);
 *   2. 1 fixed worker.
 * Prints each backlog's drain time (first submission to last completion) and their ratio, when the autoscaler
 * decided each scale-up and when the pool was back at 1 worker after the burst, and the lost (not completed) and
 * duplicated (a step started more than once, or in a second attempt) steps, from Temporal's histories: target 0.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { agentTaskQueue } from '../../src/config/task-queues';
import { createLogger } from '../../src/logging/logger';
import { startAgentWorkers } from '../../src/supervision/agent-workers';
import type { ScalingEvent } from '../../src/supervision/autoscaler';
import { agentQueueBacklog } from '../../src/system/queue-backlog';
import { writeConfigVariant } from '../integration/harness/config-variant';
import { heavyComplianceJob } from '../integration/harness/heavy-compliance-job';
import { stepRunsOf } from '../integration/harness/step-runs';
import { machineDescription, startBenchStack, withConcurrency, type BenchStack } from './bench-stack';

const agent = 'compliance';

interface RunFigures {
  label: string;
  drainMs: number;
  events: Array<ScalingEvent & { sinceBurstMs: number }>;
  /** From the last completion until the pool was back at minWorkers (autoscaled run only). */
  scaleDownMs?: number;
  peakWorkers: number;
  firstStepsMs: number[];
  lost: number;
  duplicated: number;
}

async function submit(stack: BenchStack, body: object): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/v1/jobs`, { method: 'POST', headers: stack.headers, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { workflowId: string }).workflowId;
}

async function runBurst(
  stack: BenchStack,
  label: string,
  maxWorkers: number,
  jobs: number,
  size: { counterparties: number; names: number },
) {
  const agentConfig = stack.config.agents[agent];
  if (!agentConfig) throw new Error(`no ${agent} agent configured`);
  // The autoscaler reads the bounds from this process's config; the workers themselves only need their slots.
  agentConfig.maxWorkers = maxWorkers;
  const events: ScalingEvent[] = [];
  let workerCount = 1;
  let peakWorkers = 1;
  let backAtMin: (() => void) | undefined;
  const workers = startAgentWorkers({
    config: stack.config,
    agents: [agent],
    logger: createLogger({ component: 'bench' }, 'warn'),
    env: { ...process.env, LOG_LEVEL: 'warn' },
    readBacklog: (name) => agentQueueBacklog(stack.config, stack.client, name),
    onScalingEvent: (event) => {
      events.push(event);
      workerCount = event.to;
      peakWorkers = Math.max(peakWorkers, workerCount);
      if (workerCount === agentConfig.minWorkers) backAtMin?.();
    },
  });
  await workers.ready;
  const burstAt = Date.now();
  const workflowIds = await withConcurrency(jobs, 4, (i) =>
    submit(stack, heavyComplianceJob(size.counterparties, size.names, `CASE-AUTOSCALE-${label}-${i}`)),
  );
  const outcomes = await Promise.all(
    workflowIds.map((id) =>
      stack.client.workflow
        .getHandle(id)
        .result()
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  const drainedAt = Date.now();
  let scaleDownMs: number | undefined;
  if (workerCount > agentConfig.minWorkers) {
    await new Promise<void>((resolve) => {
      backAtMin = resolve;
    });
    scaleDownMs = Date.now() - drainedAt;
  }
  await workers.stop();

  const queue = agentTaskQueue(stack.config, agent);
  let duplicated = 0;
  const firstStepByWorker = new Map<string, number>();
  for (const id of workflowIds) {
    const runs = await stepRunsOf(stack.client, id, queue);
    if (runs.length > 1 || runs.some((run) => run.attempt > 1)) duplicated++;
    for (const run of runs) firstStepByWorker.set(run.identity, Math.min(firstStepByWorker.get(run.identity) ?? Infinity, run.startedAt));
  }
  const figures: RunFigures = {
    label,
    drainMs: drainedAt - burstAt,
    events: events.map((event) => ({ ...event, sinceBurstMs: event.at - burstAt })),
    peakWorkers,
    // When each worker process began its first step of the burst: the added ones show when scaling took effect.
    firstStepsMs: [...firstStepByWorker.values()].map((at) => at - burstAt).sort((a, b) => a - b),
    lost: outcomes.filter((ok) => !ok).length,
    duplicated,
    ...(scaleDownMs === undefined ? {} : { scaleDownMs }),
  };
  return figures;
}

const seconds = (ms: number | undefined): string => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '16' },
      counterparties: { type: 'string', default: '1000' },
      names: { type: 'string', default: '3000' },
    },
  });
  const jobs = Number(values.jobs);
  const size = { counterparties: Number(values.counterparties), names: Number(values.names) };
  const cores = os.availableParallelism();
  process.env.TASKMASTER_CONFIG = writeConfigVariant((config) => {
    config.autoscaling = { interval: '1s' };
    Object.assign(config.agents?.[agent] as object, {
      maxConcurrentActivities: 1,
      minWorkers: 1,
      maxWorkers: Math.max(1, cores),
      scaleUpBacklogAge: '2s',
      scaleCooldown: '5s',
      drainTimeout: '60s',
    });
  });
  const stack = await startBenchStack({ workerAgents: [], inMemory: true });
  try {
    console.log(machineDescription());
    console.log(
      `burst: ${jobs} COMPLIANCE_MONITORING jobs of ${size.counterparties} x ${size.names} comparisons, one slot per worker process`,
    );
    const scaled = await runBurst(stack, 'autoscaled', Math.max(1, cores), jobs, size);
    const fixed = await runBurst(stack, 'fixed', 1, jobs, size);
    for (const run of [scaled, fixed]) {
      console.log(
        `${run.label.padEnd(10)} drain ${(run.drainMs / 1000).toFixed(1)} s, peak ${run.peakWorkers} workers, ` +
          `lost ${run.lost}, duplicated ${run.duplicated}`,
      );
      for (const event of run.events) {
        console.log(
          `           ${(event.sinceBurstMs / 1000).toFixed(1)} s: ${event.action} ${event.from} -> ${event.to} (${event.reason})`,
        );
      }
    }
    const ups = scaled.events.filter((event) => event.action === 'up');
    console.log(
      `scale-up: first decision ${seconds(ups[0]?.sinceBurstMs)} after the burst began; ` +
        `each worker's first step at ${scaled.firstStepsMs.map((ms) => seconds(ms)).join(', ')} (the first is the burst's first step)`,
    );
    console.log(`scale-down: back at 1 worker ${seconds(scaled.scaleDownMs)} after the backlog drained (cooldown 5 s, interval 1 s)`);
    console.log(
      `drain time ratio fixed/autoscaled: ${(fixed.drainMs / scaled.drainMs).toFixed(2)}x (ideal: ${cores}x on ${cores} idle cores)`,
    );
    console.log(`lost steps: ${scaled.lost + fixed.lost}, duplicated steps: ${scaled.duplicated + fixed.duplicated} (target 0)`);
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
