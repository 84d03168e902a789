/**
 * `npm run bench:priority [-- --backlog 1000 --probes 40 --slots 2 --work-ms 10]`: how long a CRITICAL job's step
 * waits for an activity slot when the agent's queue holds a backlog of NORMAL jobs, against the same wait on an
 * empty queue and against a FIFO control where the probes have the backlog's own priority (and fairness) key.
 *
 * One dev server, the real job workflow, the orchestration worker and one benchmark agent (tests/bench/
 * priority-agent.ts: SHA-256 over a fixed amount of data per step) with a small pool of activity slots. The
 * figure is the step's schedule-to-start: ActivityTaskStarted minus ActivityTaskScheduled in the probe's history.
 *
 * Phases, in one run: (1) unloaded: CRITICAL probes over HTTP on an empty queue; (2) under load: the NORMAL backlog
 * is submitted with JobService.submit while the agent is stopped, the agent starts, and the CRITICAL probes follow;
 * (3) FIFO control: the same with NORMAL probes, which then share the backlog's priority key and fairness key (all
 * jobs of a phase have one case id). Each loaded phase waits for its backlog to drain; the backlog's histories
 * then give exact figures for how many NORMAL steps were waiting and how many each probe overtook.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import { agentConfigSchema, priorityClasses, type PriorityClass } from '../../src/config/schema';
import { agentTaskQueue } from '../../src/config/task-queues';
import { AdmissionControl } from '../../src/jobs/admission-control';
import { JobService } from '../../src/jobs/job-service';
import { connectionOptions } from '../../src/temporal/connection-options';
import { createWorkers } from '../../workers/create-workers';
import { runWorkers, type RunningWorkers } from '../../workers/run-workers';
import {
  caseCompletion,
  machineDescription,
  percentile,
  persistence,
  startBenchStack,
  withConcurrency,
  type BenchStack,
} from './bench-stack';
import { hashWork, type HashWorkInput } from './priority-agent';

const benchAgent = 'priority-bench';
const benchJobType = 'PRIORITY_BENCH';
const benchAction = 'hashWork';
const chunkKiB = 256;

interface Options {
  backlog: number;
  probes: number;
  probeIntervalMs: number;
  slots: number;
  workMs: number;
  submitters: number;
  settleMs: number;
  memory: boolean;
}

interface ProbeTiming {
  workflowId: string;
  /** ActivityTaskStarted - ActivityTaskScheduled, from the server's event times. */
  scheduleToStartMs: number;
  /** ActivityTaskScheduled - WorkflowExecutionStarted: the workflow's first task. */
  firstWorkflowTaskMs: number;
  /** Activity started - the moment just before the probe was submitted. */
  submitToStartMs: number;
  scheduledAt: number;
  startedAt: number;
}

interface PhaseResult {
  label: string;
  probePriority: PriorityClass;
  backlog: number;
  /** Backlog steps scheduled but not yet started when the first (last) probe's step was scheduled. */
  queuedAtFirstProbe: number;
  queuedAtLastProbe: number;
  timings: ProbeTiming[];
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backlog: { type: 'string', default: '1000' },
      probes: { type: 'string', default: '40' },
      'probe-interval': { type: 'string', default: '100' },
      slots: { type: 'string', default: '2' },
      'work-ms': { type: 'string', default: '10' },
      submitters: { type: 'string', default: '32' },
      settle: { type: 'string', default: '1000' },
      memory: { type: 'boolean', default: false },
    },
  });
  const options: Options = {
    backlog: Number(values.backlog),
    probes: Number(values.probes),
    probeIntervalMs: Number(values['probe-interval']),
    slots: Number(values.slots),
    workMs: Number(values['work-ms']),
    submitters: Number(values.submitters),
    settleMs: Number(values.settle),
    memory: values.memory,
  };
  if (!(options.backlog >= 1) || !(options.probes >= 2) || !(options.slots >= 1) || !(options.workMs > 0)) {
    throw new Error('expected --backlog >= 1, --probes >= 2, --slots >= 1 and --work-ms > 0');
  }

  // Other processes on the machine (a test run, another benchmark) shift every figure: measured before we start.
  const busyBefore = await machineBusy();
  // Calibrated before anything else runs, on an idle process: the number of chunks one step hashes.
  const { chunks, msPerStep } = await calibrate(options.workMs);

  // Only the orchestration worker runs in the stack; the benchmark agent's worker is started and stopped here.
  const stack = await startBenchStack({
    inMemory: options.memory,
    workerAgents: [],
    configure: (config) => {
      config.agents[benchAgent] = agentConfigSchema.parse({
        taskQueue: `agent-${benchAgent}`,
        maxConcurrentActivities: options.slots,
        description: 'Benchmark agent: SHA-256 over a fixed amount of data per step.',
        module: path.join(__dirname, 'priority-agent.ts'),
      });
      config.jobTypes[benchJobType] = {
        agent: benchAgent,
        action: benchAction,
        description: 'Benchmark job: a fixed amount of CPU work.',
        heartbeatTimeout: 60_000,
        timeout: 60_000,
        retryPolicy: 'immediate',
      };
      // The backlog is the point here: no admission limit (priorities.<class>.maxOpen) turns it away.
      for (const priority of priorityClasses) delete config.priorities[priority].maxOpen;
    },
  });
  const agent = new AgentWorker(stack);
  try {
    const taskQueue = agentTaskQueue(stack.config, benchAgent);
    console.log(
      `Priority benchmark: CRITICAL schedule-to-start on agent queue ${taskQueue} with ${options.slots} activity slots, ` +
        `NORMAL backlog of ${options.backlog} jobs, ${options.probes} probes ${options.probeIntervalMs} ms apart, ` +
        `dev server persistence: ${persistence(options.memory)}`,
    );
    console.log(
      `${machineDescription()}; busy before the run: ${(busyBefore * 100).toFixed(0)}% of its CPU` +
        (busyBefore > 0.1 ? ' (WARNING: other processes are running, the figures will be disturbed)' : ''),
    );
    console.log(
      `step: SHA-256 over ${chunks} × ${chunkKiB} KiB (${((chunks * chunkKiB) / 1024).toFixed(1)} MiB), ` +
        `${msPerStep.toFixed(1)} ms on an idle process`,
    );

    const jobs = new JobService(
      stack.config,
      stack.client,
      { baseUrl: 'http://127.0.0.1', namespace: stack.config.connection.namespace },
      new AdmissionControl(stack.config, stack.client),
      true,
    );
    const data = (seed: string): HashWorkInput => ({ chunks, chunkKiB, seed });
    const bench: Bench = { stack, options, taskQueue, jobs, data, agent };

    await agent.start();
    await warmUp(bench);
    const unloaded = await runPhase(bench, 'unloaded', 0, 'CRITICAL');
    const loaded = await runPhase(bench, 'under load', options.backlog, 'CRITICAL');
    const fifo = await runPhase(bench, 'FIFO control', options.backlog, 'NORMAL');

    console.log('');
    console.log(
      'phase                    probes  backlog  queued at first probe  queued at last probe   schedule-to-start p50 / p95 / max',
    );
    for (const phase of [unloaded, loaded, fifo]) {
      console.log(
        `${`${phase.label} (${phase.probePriority})`.padEnd(24)} ` +
          `${String(phase.timings.length).padStart(6)} ${String(phase.backlog).padStart(8)} ` +
          `${String(phase.queuedAtFirstProbe).padStart(22)} ${String(phase.queuedAtLastProbe).padStart(21)}   ` +
          `${fmt(phase.p50Ms)} / ${fmt(phase.p95Ms)} / ${fmt(phase.maxMs)}`,
      );
    }
    const loadedRatio = loaded.p95Ms / unloaded.p95Ms;
    const fifoRatio = fifo.p95Ms / loaded.p95Ms;
    console.log(`ratio loaded/unloaded (CRITICAL p95): ${loadedRatio.toFixed(2)}   target <= 2    ${loadedRatio <= 2 ? 'PASS' : 'MISS'}`);
    console.log(`ratio FIFO/loaded (p95):              ${fifoRatio.toFixed(1)}   target >= 20   ${fifoRatio >= 20 ? 'PASS' : 'MISS'}`);
  } finally {
    await agent.close();
    await stack.stop();
  }
  const busyAfter = await machineBusy();
  if (busyAfter > 0.1)
    console.log(`WARNING: the machine was ${(busyAfter * 100).toFixed(0)}% busy after the run: other processes were running`);
}

/** The fraction of the machine's CPU time that was not idle over one second. */
async function machineBusy(): Promise<number> {
  const totals = (): { busy: number; all: number } =>
    os.cpus().reduce(
      (sum, cpu) => {
        const { user, nice, sys, idle, irq } = cpu.times;
        return { busy: sum.busy + user + nice + sys + irq, all: sum.all + user + nice + sys + idle + irq };
      },
      { busy: 0, all: 0 },
    );
  const before = totals();
  await sleep(1_000);
  const after = totals();
  return (after.busy - before.busy) / Math.max(1, after.all - before.all);
}

/** The benchmark agent's worker, on a connection of its own, so that it can be stopped while a backlog is queued. */
class AgentWorker {
  private connection: Promise<NativeConnection> | undefined;
  private running: RunningWorkers | undefined;

  constructor(private readonly stack: BenchStack) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.connection ??= NativeConnection.connect(connectionOptions(this.stack.config));
    const workers = await createWorkers({
      config: this.stack.config,
      connection: await this.connection,
      client: this.stack.client,
      agents: [benchAgent],
      orchestration: false,
    });
    this.running = runWorkers(workers);
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await (await this.connection)?.close();
  }
}

interface Bench {
  stack: BenchStack;
  options: Options;
  taskQueue: string;
  jobs: JobService;
  data: (seed: string) => HashWorkInput;
  agent: AgentWorker;
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(5)} ms`;

/** Picks the number of chunks for which one step takes about `workMs` on this machine (median of 7 runs). */
async function calibrate(workMs: number): Promise<{ chunks: number; msPerStep: number }> {
  const medianMs = async (chunks: number): Promise<number> => {
    const samples: number[] = [];
    for (let run = 0; run < 7; run++) {
      const started = performance.now();
      await hashWork({ chunks, chunkKiB, seed: `calibrate-${run}` });
      samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b)[3] ?? workMs;
  };
  let chunks = 16;
  await medianMs(chunks);
  for (let round = 0; round < 3; round++) chunks = Math.max(1, Math.round((chunks * workMs) / (await medianMs(chunks))));
  return { chunks, msPerStep: await medianMs(chunks) };
}

/** A few jobs through every path first, so that no probe pays for a cold worker, bundle or connection. */
async function warmUp(bench: Bench): Promise<void> {
  const caseId = `bench-priority-warm-up-${Date.now()}`;
  const ids = await withConcurrency(10, 4, async (index) =>
    index % 2 === 0
      ? (await submitOverHttp(bench, 'CRITICAL', caseId, index)).workflowId
      : await submitDirect(bench, 'NORMAL', caseId, index),
  );
  await Promise.all(ids.map((id) => bench.stack.client.workflow.getHandle(id).result()));
  console.log(`  warm-up: ${ids.length} jobs completed`);
}

async function runPhase(bench: Bench, label: string, backlog: number, probePriority: PriorityClass): Promise<PhaseResult> {
  const { stack, options } = bench;
  const caseId = `bench-priority-${label.replace(/\W+/g, '-')}-${Date.now()}`;
  const leftOver = await queued(bench);
  if (leftOver > 0) throw new Error(`${label}: the agent queue still holds ${leftOver} tasks from an earlier phase`);

  let backlogIds: string[] = [];
  if (backlog > 0) {
    // The backlog is queued with the agent stopped: on this machine the server, not the agent, is the bottleneck
    // while a thousand workflows start, so with the agent running the jobs would wait on the orchestration queue
    // and the agent queue would never hold more than a couple of hundred of them.
    await bench.agent.stop();
    const started = Date.now();
    backlogIds = await withConcurrency(backlog, options.submitters, (index) => submitDirect(bench, 'NORMAL', caseId, index));
    const submitted = Date.now();
    const scheduled = await waitForBacklog(bench, backlog);
    console.log(
      `  ${label}: ${backlog} NORMAL jobs submitted in ${((submitted - started) / 1000).toFixed(1)} s, ` +
        `${scheduled} steps queued on the agent queue after ${((Date.now() - started) / 1000).toFixed(1)} s; starting the agent`,
    );
    await bench.agent.start();
    await sleep(options.settleMs);
  }

  const submittedAt = new Map<string, number>();
  const firstProbe = Date.now();
  const probeIds: string[] = [];
  for (let index = 0; index < options.probes; index++) {
    await sleep(Math.max(0, firstProbe + index * options.probeIntervalMs - Date.now()));
    const before = Date.now();
    const { workflowId } = await submitOverHttp(bench, probePriority, caseId, index);
    submittedAt.set(workflowId, before);
    probeIds.push(workflowId);
  }
  await Promise.all(probeIds.map((id) => stack.client.workflow.getHandle(id).result()));
  const timings = await withConcurrency(probeIds.length, 8, (index) => {
    const id = probeIds[index] ?? '';
    return probeTiming(bench, id, submittedAt.get(id) ?? firstProbe);
  });

  let queuedAtFirstProbe = 0;
  let queuedAtLastProbe = 0;
  let overtaken: number[] = [];
  let startedWhileWaiting: number[] = [];
  let drainPerSecond = Number.NaN;
  let longestPause = Number.NaN;
  if (backlogIds.length > 0) {
    const drainStarted = Date.now();
    await waitForCompletion(bench, caseId, backlog + options.probes);
    // Exact figures, from the backlog's own histories: which NORMAL steps were waiting when each probe's step was
    // scheduled, and how many of them the probe's step started ahead of.
    const steps = await withConcurrency(backlogIds.length, 16, (index) => stepTimes(bench, backlogIds[index] ?? ''));
    const waitingAt = (time: number): number => steps.filter((step) => step.scheduled <= time && step.started > time).length;
    const byScheduled = [...timings].sort((a, b) => a.scheduledAt - b.scheduledAt);
    queuedAtFirstProbe = waitingAt(byScheduled[0]?.scheduledAt ?? 0);
    queuedAtLastProbe = waitingAt(byScheduled[byScheduled.length - 1]?.scheduledAt ?? 0);
    overtaken = timings.map(
      (probe) => steps.filter((step) => step.scheduled <= probe.scheduledAt && step.started > probe.startedAt).length,
    );
    // NORMAL steps that got a slot while the probe's step waited: slots that freed before the probe's task could
    // be matched (it was still in the history service's transfer queue, or on its way to matching).
    startedWhileWaiting = timings.map(
      (probe) => steps.filter((step) => step.started > probe.scheduledAt && step.started < probe.startedAt).length,
    );
    const starts = steps.map((step) => step.started).sort((a, b) => a - b);
    const firstStart = starts[0] ?? 0;
    const lastStart = starts[starts.length - 1] ?? 0;
    drainPerSecond = (starts.length - 1) / ((lastStart - firstStart) / 1000);
    // The longest time no step at all (backlog or probe) started on the agent queue while the probes waited.
    const windowStart = Math.min(...timings.map((timing) => timing.scheduledAt));
    const windowEnd = Math.max(...timings.map((timing) => timing.startedAt));
    const windowStarts = [windowStart, ...starts, ...timings.map((timing) => timing.startedAt)]
      .filter((time) => time >= windowStart && time <= windowEnd)
      .sort((a, b) => a - b);
    longestPause = Math.max(0, ...windowStarts.slice(1).map((time, index) => time - (windowStarts[index] ?? time)));
    console.log(
      `  ${label}: backlog drained ${((Date.now() - drainStarted) / 1000).toFixed(1)} s after the probes completed ` +
        `(agent: ${drainPerSecond.toFixed(1)} steps/s, a slot freed every ${(1000 / drainPerSecond).toFixed(0)} ms on average; ` +
        `longest pause between two step starts while the probes waited: ${longestPause} ms)`,
    );
  }

  const sorted = timings.map((timing) => timing.scheduleToStartMs).sort((a, b) => a - b);
  const result: PhaseResult = {
    label,
    probePriority,
    backlog,
    queuedAtFirstProbe,
    queuedAtLastProbe,
    timings,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
  const workflowTask = timings.map((timing) => timing.firstWorkflowTaskMs).sort((a, b) => a - b);
  const submitToStart = timings.map((timing) => timing.submitToStartMs).sort((a, b) => a - b);
  console.log(
    `  ${label}: ${probePriority} schedule-to-start p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms; ` +
      `NORMAL steps waiting when the first probe's step was scheduled: ${queuedAtFirstProbe}, ` +
      `when the last one's was: ${queuedAtLastProbe}`,
  );
  console.log(
    `    per probe, schedule-to-start (ms): ${timings.map((timing) => timing.scheduleToStartMs).join(' ')}` +
      (overtaken.length > 0 ? `\n    per probe, NORMAL steps queued before it that it started ahead of: ${overtaken.join(' ')}` : '') +
      (startedWhileWaiting.length > 0
        ? `\n    per probe, NORMAL steps that started while it waited: ${startedWhileWaiting.join(' ')}`
        : ''),
  );
  console.log(
    `    workflow start to step scheduled p50 ${percentile(workflowTask, 0.5)} ms, p95 ${percentile(workflowTask, 0.95)} ms; ` +
      `POST to step started p50 ${percentile(submitToStart, 0.5)} ms, p95 ${percentile(submitToStart, 0.95)} ms`,
  );
  return result;
}

/** Waits until the agent queue holds every backlog step (matching's approximate count), at most a minute. */
async function waitForBacklog(bench: Bench, backlog: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const current = await queued(bench);
    if (current >= backlog || Date.now() > deadline) return current;
    await sleep(500);
  }
}

/** Waits until visibility shows every job of the phase COMPLETED. */
async function waitForCompletion(bench: Bench, caseId: string, jobs: number): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const { completed, failed } = await caseCompletion(bench.stack.client, caseId);
    if (completed >= jobs) return;
    if (failed > 0) throw new Error(`${failed} jobs of ${caseId} did not complete`);
    if (Date.now() > deadline) throw new Error(`${caseId}: only ${completed} of ${jobs} jobs completed in 10 minutes`);
    await sleep(2_000);
  }
}

/** The agent queue's backlog as matching reports it (DescribeTaskQueue with reportStats): approximate, may lag. */
async function queued(bench: Bench): Promise<number> {
  const { client } = bench.stack;
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: bench.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportStats: true,
  });
  return Number(response.stats?.approximateBacklogCount ?? 0);
}

/** A backlog job: the facade's own submission code (JobService.submit), without the HTTP hop. */
async function submitDirect(bench: Bench, priority: PriorityClass, caseId: string, index: number): Promise<string> {
  const request = { type: benchJobType, priority, caseId, data: { ...bench.data(`${caseId}-${index}`) } };
  const job = await bench.jobs.submit(request, { subject: 'bench', roles: ['admin'] });
  return job.workflowId;
}

/** A probe: POST /v1/jobs on the real facade. */
async function submitOverHttp(bench: Bench, priority: PriorityClass, caseId: string, index: number): Promise<{ workflowId: string }> {
  const response = await fetch(`${bench.stack.apiUrl}/v1/jobs`, {
    method: 'POST',
    headers: bench.stack.headers,
    body: JSON.stringify({
      name: `priority probe ${index}`,
      type: benchJobType,
      priority,
      caseId,
      data: bench.data(`${caseId}-probe-${index}`),
    }),
  });
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { workflowId: string };
}

const eventMs = (time: temporal.api.history.v1.IHistoryEvent['eventTime']): number =>
  Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);

interface StepTimes {
  workflowStarted: number;
  scheduled: number;
  started: number;
}

/** From a job's history: when its workflow started, and when its step was scheduled and started (server times). */
async function stepTimes(bench: Bench, workflowId: string): Promise<StepTimes> {
  const history = await bench.stack.client.workflow.getHandle(workflowId).fetchHistory();
  let workflowStarted: number | undefined;
  let scheduledEventId: string | undefined;
  let scheduled: number | undefined;
  let started: number | undefined;
  for (const event of history.events ?? []) {
    if (event.workflowExecutionStartedEventAttributes) workflowStarted = eventMs(event.eventTime);
    const scheduledAttributes = event.activityTaskScheduledEventAttributes;
    if (scheduledAttributes?.activityType?.name === benchAction && scheduledEventId === undefined) {
      scheduledEventId = String(event.eventId);
      scheduled = eventMs(event.eventTime);
    }
    const startedAttributes = event.activityTaskStartedEventAttributes;
    if (startedAttributes && String(startedAttributes.scheduledEventId) === scheduledEventId) started = eventMs(event.eventTime);
  }
  if (workflowStarted === undefined || scheduled === undefined || started === undefined) {
    throw new Error(`${workflowId}: no workflow start, step scheduled or step started event in its history`);
  }
  return { workflowStarted, scheduled, started };
}

async function probeTiming(bench: Bench, workflowId: string, submittedAt: number): Promise<ProbeTiming> {
  const { workflowStarted, scheduled, started } = await stepTimes(bench, workflowId);
  return {
    workflowId,
    scheduleToStartMs: started - scheduled,
    firstWorkflowTaskMs: scheduled - workflowStarted,
    submitToStartMs: started - submittedAt,
    scheduledAt: scheduled,
    startedAt: started,
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
