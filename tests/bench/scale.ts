/**
 * `npm run bench:scale [-- --open 10000 --due 1000 --investigations 0.1 --concurrency 16 --cluster]`: holds many open
 * jobs and investigations on the dev server (or, with `--cluster`, on the local cluster), each waiting with its SLA
 * timers while its agent's queue is held (Temporal's UpdateTaskQueueConfig, rate limit 0), and measures in one run:
 * - the peak RSS of the Temporal server, of the workflow worker (this process, which also serves the API, as
 *   `npm start` does) and of the agent worker's child process;
 * - the API's p50/p95 for GET /v1/jobs/:id and a filtered list under that load, and the list's visibility query sent
 *   from the client directly (the server's share of the list's time);
 * - the main thread's event-loop delay per phase, and its V8 heap at each phase's RSS peak;
 * - how late `--due` SLA deadlines that fall in the same second fire (TimerFired) and are handled by the workflow;
 * - after the queue is released, the time until all have completed, and how many steps were lost or ran twice,
 *   counted from the test agent's journal (one line per effect).
 * The step is the journal agent's postEntry (tests/fixtures/agents/journal-agent.ts): its journal is the ground truth.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { LocalCluster } from '../../deploy/local-cluster/local-cluster';
import { writeTaskmasterConfig } from '../../deploy/local-cluster/taskmaster-config';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';
import type { LoadedConfig } from '../../src/config/load-config';
import { agentTaskQueue } from '../../src/config/task-queues';
import { investigationWorkflowType } from '../../src/contracts/investigation-workflow';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { CaseIdAttribute, JobTypeAttribute, PriorityAttribute, SlaBreachedAttribute } from '../../src/contracts/search-attributes';
import { jobStart } from '../../src/jobs/job-start';
import { newJobId } from '../../src/jobs/request-fingerprint';
import { deploymentWorkflows } from '../../src/temporal/visibility-query';
import { writeConfigVariant } from '../integration/harness/config-variant';
import { machineDescription, percentile, persistence, startBenchStack, withConcurrency, type BenchStack } from './bench-stack';
import { captureWorkerThreads, snapshotWorkflowThreads } from './thread-snapshots';
import { watchDeadlineWindow } from './deadline-window';
import { childPids } from './process-cpu';

const { values } = parseArgs({
  options: {
    open: { type: 'string', default: '2000' },
    due: { type: 'string', default: '1000' },
    investigations: { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '16' },
    /** orchestration.maxCachedWorkflows for this run (default: temporal.yaml's). */
    cache: { type: 'string' },
    /** orchestration.maxConcurrentWorkflowTasks for this run (default: temporal.yaml's). */
    'workflow-tasks': { type: 'string' },
    /**
     * Run the workflow worker on a bundle built beforehand in a child process, as a container image ships it
     * (orchestration.workflowBundle), so that webpack's heap is not counted in the worker's RSS. `--no-prebuilt`
     * bundles in-process, as `npm start` without the key does.
     */
    prebuilt: { type: 'boolean', default: true },
    /**
     * Run on the local cluster (deploy/local-cluster: PostgreSQL, frontend, history, matching and worker as separate
     * processes, 4 history shards, mTLS) instead of a dev server: the server RSS is then the four services'.
     */
    cluster: { type: 'boolean', default: false },
    /**
     * Heap snapshots of the SDK's workflow thread at these seconds after the submissions start (e.g. `15,60`),
     * written under the run's temporary directory (tests/bench/thread-snapshots.ts; read them with heap-summary.ts).
     * Each pauses the workflow thread while V8 writes it: the run's other figures are not comparable with one.
     */
    'heap-snapshots': { type: 'string' },
    /**
     * Every 5 s, what the SDK's workflow thread holds: workflows created minus disposed, and requests not answered
     * yet (thread-snapshots.ts counts the SDK's messages to the thread).
     */
    'thread-stats': { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const open = Number(values.open);
const due = Math.min(Number(values.due), open);
const investigationShare = Number(values.investigations);
const concurrency = Number(values.concurrency);
const snapshotSeconds = values['heap-snapshots']?.split(',').map(Number) ?? [];

const journalFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-scale-')), 'journal.log');
const benchJobType = 'JOURNAL_POSTENTRY';
const runTag = `scale-${process.pid}`;

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const ms = (values: readonly number[], fraction: number): string => `${percentile(sorted(values), fraction).toFixed(0)} ms`;
const s = (values: readonly number[], fraction: number): string => `${(percentile(sorted(values), fraction) / 1000).toFixed(2)} s`;

/** The API's answer times (ms) over one read window, and the list's visibility query sent directly. */
interface ReadFigures {
  getMs: number[];
  listMs: number[];
  rawListMs: number[];
}

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Holds (rate limit 0) or releases (the server's default) the agent's activity queue, for every worker on every host. */
async function holdQueue(stack: BenchStack, taskQueue: string, hold: boolean): Promise<void> {
  await stack.client.workflowService.updateTaskQueueConfig({
    namespace: stack.config.connection.namespace,
    identity: 'bench:scale',
    taskQueue,
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    updateQueueRateLimit: hold
      ? { rateLimit: { requestsPerSecond: 0 }, reason: 'bench:scale holds the queue' }
      : { reason: 'bench:scale releases' },
  });
}

async function http(
  stack: BenchStack,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${stack.apiUrl}${route}`, {
    method,
    headers: stack.headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = await response.json();
  return { status: response.status, body: answer, ms: performance.now() - started };
}

const investigationDefinition = {
  name: 'scale-post',
  version: 1,
  steps: [{ name: 'post', agent: 'journal', action: 'postEntry', input: { entryId: '${input.entryId}' } }],
};

async function main(): Promise<void> {
  process.env.JOURNAL_FILE = journalFile;
  writeFileSync(journalFile, '');
  // The agent's children read the file and the environment only: the journal agent goes into a config file.
  process.env.TASKMASTER_CONFIG = writeConfigVariant((config) => {
    config.agents!.journal = { taskQueue: 'agent-journal', module: path.resolve(__dirname, '../fixtures/agents/journal-agent.ts') };
    // A step whose task the server handed to a poller that never got it (a CPU-starved agent process) is retried
    // only after its start-to-close timeout: one minute here, so that the drain below outwaits it.
    config.jobTypes![benchJobType] = { agent: 'journal', action: 'postEntry', retryPolicy: 'immediate', timeout: '1m' };
  });
  const cluster = values.cluster ? await startCluster() : undefined;
  try {
    await measure(cluster);
  } finally {
    if (cluster) {
      await cluster.down();
      rmSync(cluster.options.dir, { recursive: true, force: true });
    }
  }
}

/** A history event's time, ms since the epoch. */
const eventMs = (time: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  Number(time?.seconds ?? 0) * 1000 + Math.round((time?.nanos ?? 0) / 1e6);

/** A history's events as `type (queue kind) +seconds`, relative to `from` (ms), up to the first completed workflow task. */
function timeline(events: readonly temporal.api.history.v1.IHistoryEvent[], from: number): string {
  const entries: string[] = [];
  for (const event of events) {
    const type = temporal.api.enums.v1.EventType[event.eventType ?? 0]?.replace('EVENT_TYPE_', '') ?? '?';
    const kind = event.workflowTaskScheduledEventAttributes?.taskQueue?.kind;
    const queue = kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY ? ' (sticky)' : kind ? ' (normal)' : '';
    entries.push(`${type}${queue} +${((eventMs(event.eventTime) - from) / 1000).toFixed(2)} s`);
    if (event.workflowTaskCompletedEventAttributes || entries.length >= 12) break;
  }
  return entries.join(', ');
}

/** The cluster's PostgreSQL: its postmaster and every backend and helper process it has forked. */
function databasePids(cluster: LocalCluster): number[] {
  const postmaster = Number(readFileSync(path.join(cluster.database.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return [postmaster, ...childPids('', postmaster)];
}

/** The local cluster, up, with the search attributes registered and this process's config and address pointed at it. */
async function startCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-scale-cluster-'));
  const cluster = await LocalCluster.open({ dir, id: 'sc', subnet: '10.213.89', workerHostCount: 1 });
  await cluster.up();
  const configFile = path.join(dir, 'taskmaster.yaml');
  await writeTaskmasterConfig(cluster, process.env.TASKMASTER_CONFIG ?? '', configFile);
  const connection = await cluster.connect();
  await ensureSearchAttributes(new Client({ connection }));
  await connection.close();
  process.env.TASKMASTER_CONFIG = configFile;
  process.env.TEMPORAL_ADDRESS = cluster.frontendAddress;
  return cluster;
}

async function measure(cluster: LocalCluster | undefined): Promise<void> {
  // Before the SDK worker exists: it starts its workflow thread when it is created.
  const threads = snapshotSeconds.length > 0 || values['thread-stats'] ? captureWorkerThreads() : [];
  const snapshots: Array<Promise<void>> = [];
  const snapshotTimers: NodeJS.Timeout[] = [];
  const bundleFile = path.join(path.dirname(journalFile), 'workflow-bundle.js');
  if (values.prebuilt) {
    execFileSync(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../src/cli/bundle-workflows.ts'), '--out', bundleFile], {
      stdio: 'ignore',
    });
  }
  const stack = await startBenchStack({
    workerAgents: ['journal'],
    agentProcesses: true,
    configure: (config: LoadedConfig) => {
      // Admission control would refuse the load this benchmark is about: raised for the run (a config key).
      for (const priority of Object.values(config.priorities)) priority.maxOpen = open * 2;
      if (values.cache !== undefined) config.orchestration.maxCachedWorkflows = Number(values.cache);
      if (values['workflow-tasks'] !== undefined) config.orchestration.maxConcurrentWorkflowTasks = Number(values['workflow-tasks']);
      if (values.prebuilt) config.orchestration.workflowBundle = bundleFile;
    },
  });
  const { config, client } = stack;
  // The Temporal server's resident memory: the dev server's process, or the cluster's four services (not PostgreSQL).
  const serverRss = (): number => (cluster ? cluster.servicePids().reduce((sum, pid) => sum + rssOf(pid), 0) : rssOf(stack.serverPid));
  const serverKind = cluster
    ? `the local cluster (PostgreSQL, frontend/history/matching/worker as four processes, 4 history shards, mTLS)`
    : persistence(false);
  const journalQueue = agentTaskQueue(config, 'journal');
  const rss = { server: 0, workflowWorker: 0, agentWorker: 0, mainHeap: 0 };
  // The worker's peak in each phase of the run, so that a transient (start-up, a burst) reads apart from the
  // memory that the open jobs hold.
  let phase = 'start';
  const phasePeaks = new Map<string, number>();
  // What the peak is made of: the main thread's V8 heap (committed) and its buffers outside it; the rest of the RSS
  // is the workflow threads' heaps and the SDK core (native).
  const phaseParts = new Map<string, { heapTotal: number; external: number }>();
  // The main thread's event-loop delay per phase: the API, the client and the SDK's bridge all wait on it.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const loopDelays: string[] = [];
  const enterPhase = (next: string): void => {
    loopDelays.push(
      `${phase} p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} / p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} / ` +
        `max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
    );
    loopDelay.reset();
    phase = next;
  };
  const sampling = performance.now();
  let peakAt = '';
  const sampleRss = (): void => {
    rss.server = Math.max(rss.server, serverRss());
    const workerRss = process.memoryUsage().rss;
    if (workerRss > rss.workflowWorker) peakAt = `${phase}, ${((performance.now() - sampling) / 1000).toFixed(0)} s in`;
    rss.workflowWorker = Math.max(rss.workflowWorker, workerRss);
    if (workerRss > (phasePeaks.get(phase) ?? 0)) {
      const usage = process.memoryUsage();
      phaseParts.set(phase, { heapTotal: usage.heapTotal, external: usage.external });
    }
    phasePeaks.set(phase, Math.max(phasePeaks.get(phase) ?? 0, workerRss));
    // The main thread's V8 heap (the API, the client); the rest of this process's RSS is the SDK's workflow threads and core.
    rss.mainHeap = Math.max(rss.mainHeap, process.memoryUsage().heapUsed);
    rss.agentWorker = Math.max(rss.agentWorker, rssOf(stack.agentProcesses[0]?.pid()));
  };
  const baseline = { workflowWorker: process.memoryUsage().rss, server: serverRss() };
  const sampler = setInterval(sampleRss, 1_000);
  const threadStats = values['thread-stats']
    ? setInterval(() => {
        for (const { filename, requests, worker } of threads) {
          if (!filename.includes('workflow-worker-thread')) continue;
          process.stdout.write(
            `workflow thread ${worker.threadId} at ${((performance.now() - sampling) / 1000).toFixed(0)} s (${phase}): ` +
              `${requests.created - requests.disposed} workflows held (${requests.created} created, ${requests.disposed} disposed), ` +
              `${requests.activations} activations, ${requests.sent - requests.answered} requests unanswered; ` +
              `process RSS ${mb(process.memoryUsage().rss)} MB\n`,
          );
        }
      }, 5_000)
    : undefined;
  try {
    await holdQueue(stack, journalQueue, true);
    process.stdout.write(
      `${machineDescription()}\nserver: ${serverKind}; queue ${journalQueue} held (rate limit 0); ` +
        `maxCachedWorkflows ${config.orchestration.maxCachedWorkflows}; ` +
        `maxConcurrentWorkflowTasks ${config.orchestration.maxConcurrentWorkflowTasks}; ` +
        `workflow bundle ${values.prebuilt ? 'prebuilt' : 'built in-process'}\n`,
    );

    // 1. The regular open work, through the API: LOW jobs (SLA 24 h) and investigations.
    enterPhase('submissions');
    const regular = open - due;
    const jobIds: string[] = [];
    let refused = 0;
    // A 503 TEMPORAL_UNAVAILABLE says the start may have happened (the facade stopped waiting at
    // http.temporalTimeout): such an entry is not counted as lost, and if it ran, it is counted apart.
    const refusedEntries = new Set<string>();
    const submitStarted = performance.now();
    for (const seconds of snapshotSeconds) {
      const timer = setTimeout(() => {
        const prefix = path.join(path.dirname(journalFile), `workflow-thread-${seconds}s`);
        const taken = performance.now();
        snapshots.push(
          snapshotWorkflowThreads(threads, prefix).then(
            (files) => {
              process.stdout.write(
                `heap snapshot at ${seconds} s (${phase}): ${files.join(', ') || 'no workflow thread'}, ` +
                  `${((performance.now() - taken) / 1000).toFixed(1)} s to write\n`,
              );
            },
            (error: unknown) => {
              process.stderr.write(`heap snapshot at ${seconds} s failed: ${String(error)}\n`);
            },
          ),
        );
      }, seconds * 1000);
      snapshotTimers.push(timer);
    }
    await withConcurrency(regular, concurrency, async (index) => {
      const entryId = `${runTag}-r${index}`;
      const asInvestigation = index < regular * investigationShare;
      const answer = asInvestigation
        ? await http(stack, 'POST', '/v1/investigations', {
            definition: investigationDefinition,
            input: { entryId },
            priority: 'LOW',
            caseId: runTag,
          })
        : await http(stack, 'POST', '/v1/jobs', { type: benchJobType, priority: 'LOW', caseId: runTag, data: { entryId } });
      if (answer.status !== 202) {
        refused += 1;
        refusedEntries.add(entryId);
        if (refused <= 3) process.stderr.write(`submission refused: ${answer.status} ${JSON.stringify(answer.body)}\n`);
        return;
      }
      if (!asInvestigation) jobIds.push((answer.body as { jobId: string }).jobId);
    });
    const submitSeconds = (performance.now() - submitStarted) / 1000;
    const rate = regular / Math.max(submitSeconds, 0.001);
    process.stdout.write(
      `submitted ${regular} through the API in ${submitSeconds.toFixed(1)} s (${rate.toFixed(1)}/s), refused ${refused}\n`,
    );

    // 2. The due group: SLA deadlines in one second, T, after they are all started (direct starts, as the facade does).
    enterPhase('due starts');
    const dueStartEstimate = (due / Math.max(rate, 5)) * 1.5 + 20;
    const dueAt = Math.ceil((Date.now() + dueStartEstimate * 1000) / 1000) * 1000;
    const dueIds: string[] = [];
    await withConcurrency(due, concurrency, async (index) => {
      const entryId = `${runTag}-d${index}`;
      const jobId = newJobId(undefined, undefined);
      const slaMs = config.priorities.NORMAL.sla ?? 3_600_000;
      const request = { type: benchJobType, priority: 'NORMAL' as const, caseId: `${runTag}-due`, data: { entryId } };
      const { options } = jobStart(config, request, jobId, new Date(dueAt - slaMs), 'bench');
      const input = options.args[0];
      // Warning and deadline at the same instant: the second that the measure is about.
      if (input.sla) input.sla.warningAt = input.sla.deadline;
      await client.workflow.start(jobWorkflowType, options);
      dueIds.push(jobId);
    });
    const slack = (dueAt - Date.now()) / 1000;
    process.stdout.write(`started ${due} jobs whose SLA deadline is ${new Date(dueAt).toISOString()} (${slack.toFixed(1)} s from now)\n`);
    if (slack < 0) process.stdout.write('  (the deadline passed before all were started: their lateness is not meaningful)\n');
    const deadlineWindow = watchDeadlineWindow({
      dueAt,
      beforeMs: 2_000,
      afterMs: 15_000,
      metricsUrl: cluster
        ? `http://${cluster.layout.temporal.address}:${cluster.layout.ports.metrics + 1}/metrics`
        : stack.serverMetricsUrl,
      processes: () => ({
        ...(cluster
          ? {
              history: [cluster.servicePid('history')],
              matching: [cluster.servicePid('matching')],
              frontend: [cluster.servicePid('frontend')],
              'Temporal worker service': [cluster.servicePid('worker')],
              PostgreSQL: databasePids(cluster),
            }
          : { 'dev server': [stack.serverPid] }),
        'workflow worker + API': [process.pid],
        agent: stack.agentProcesses.map((agent) => agent.pid()),
      }),
    });

    // 3. The API under that load, while the deadline approaches (the due group's first workflow tasks may still be
    // running), and again once every breach is handled (step 4b): 10,000 open and nothing else going on.
    enterPhase('reads');
    const listQuery = deploymentWorkflows(config, jobWorkflowType)
      .equals('ExecutionStatus', 'Running')
      .equals(JobTypeAttribute, benchJobType)
      .equals(PriorityAttribute, 'LOW')
      .equals(CaseIdAttribute, runTag)
      .toString();
    const readApi = async (until: number): Promise<ReadFigures> => {
      const figures: ReadFigures = { getMs: [], listMs: [], rawListMs: [] };
      let reads = 0;
      await withConcurrency(4, 4, async (worker) => {
        while (Date.now() < until || reads < 200) {
          reads += 1;
          if (worker === 0) {
            const answer = await http(
              stack,
              'GET',
              `/v1/jobs?status=RUNNING&type=${benchJobType}&priority=LOW&caseId=${runTag}&pageSize=20`,
            );
            if (answer.status === 200) figures.listMs.push(answer.ms);
            else process.stderr.write(`list answered ${answer.status}\n`);
            // The same visibility query as the API's list sends (job-service.ts), straight from the client: what the
            // list costs on the server, apart from what the facade adds.
            const started = performance.now();
            await client.workflowService.listWorkflowExecutions({ namespace: config.connection.namespace, query: listQuery, pageSize: 20 });
            figures.rawListMs.push(performance.now() - started);
          } else {
            const jobId = jobIds[Math.floor(Math.random() * jobIds.length)] ?? dueIds[0];
            const answer = await http(stack, 'GET', `/v1/jobs/${jobId}`);
            if (answer.status === 200) figures.getMs.push(answer.ms);
          }
        }
      });
      return figures;
    };
    const { getMs, listMs, rawListMs } = await readApi(Math.max(Date.now() + 20_000, dueAt - 3_000));
    sampleRss();
    process.stdout.write(
      `under load: GET /v1/jobs/:id p95 ${ms(getMs, 0.95)} (${getMs.length}), filtered list p95 ${ms(listMs, 0.95)} (${listMs.length}); ` +
        `worker RSS so far ${mb(rss.workflowWorker)} MB\n`,
    );

    // 4. The due timers: wait until every due job recorded its breach, then read when each timer fired.
    enterPhase('breaches');
    const breachQuery = deploymentWorkflows(config, jobWorkflowType)
      .equals('TaskmasterCaseId', `${runTag}-due`)
      .equals(SlaBreachedAttribute.name, true);
    const breachDeadline = dueAt + 180_000;
    while (Date.now() < breachDeadline && (await client.workflow.count(breachQuery.toString())).count < due) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const breachesRecorded = (await client.workflow.count(breachQuery.toString())).count;
    // Three figures per due job, from its history:
    // - fired vs deadline: TimerFired minus the SLA deadline, what a person waiting on the alert sees;
    // - fired vs the timer's own due time: TimerFired minus (TimerStarted + its duration), the timer service's lateness.
    //   A timer's duration is set from the workflow task's start time, and the server starts it when that task
    //   completes, so a slow first workflow task moves the timer's due time past the deadline by as much;
    // - handled: the workflow's search-attribute update after TimerFired, the breach recorded.
    const fired: number[] = [];
    const firedVsTimer: number[] = [];
    const startSkew: number[] = [];
    const handled: number[] = [];
    // The breach's workflow task, split: how long it waited to be picked up after TimerFired (the orchestration
    // queue's backlog), and how long the worker took from picking it up to completing it (its slot wait, a replay
    // if the run was evicted, the local activity that hands off the alert).
    const breachTaskRun: number[] = [];
    let taskTimeouts = 0;
    // What happened to each due job after its timer fired, to print the median one: which queue each workflow task
    // was scheduled on (sticky or normal), its timeouts, when it started.
    const breachTimelines: Array<{ wait: number; events: string }> = [];
    // A job whose first workflow task ran after the deadline (a backlog on the orchestration queue) sets no timer:
    // it records the breach in that task. Counted apart: its lateness is the queue's, not the timers'.
    let firstTaskAfterDeadline = 0;
    await withConcurrency(dueIds.length, concurrency, async (index) => {
      const history = await client.workflow.getHandle(`job-${dueIds[index]}`).fetchHistory();
      const events = history.events ?? [];
      const firstTask = events.find((event) => event.workflowTaskStartedEventAttributes);
      if (firstTask?.eventTime && eventMs(firstTask.eventTime) >= dueAt) firstTaskAfterDeadline += 1;
      const timerFired = events.filter((event) => event.timerFiredEventAttributes).at(-1);
      if (!timerFired?.eventTime) return;
      const firedAt = eventMs(timerFired.eventTime);
      fired.push(firedAt - dueAt);
      const timerId = timerFired.timerFiredEventAttributes?.timerId;
      const started = events.find((event) => event.timerStartedEventAttributes?.timerId === timerId);
      const duration = started?.timerStartedEventAttributes?.startToFireTimeout;
      if (started?.eventTime && duration) {
        const timerDueAt = eventMs(started.eventTime) + eventMs(duration);
        firedVsTimer.push(firedAt - timerDueAt);
        startSkew.push(timerDueAt - dueAt);
      }
      const upsert = events.find(
        (event) => Number(event.eventId) > Number(timerFired.eventId) && event.upsertWorkflowSearchAttributesEventAttributes,
      );
      if (upsert?.eventTime) handled.push(eventMs(upsert.eventTime) - dueAt);
      taskTimeouts += events.filter((event) => event.workflowTaskTimedOutEventAttributes).length;
      const after = events.filter((event) => Number(event.eventId) > Number(timerFired.eventId));
      const taskStarted = after.find((event) => event.workflowTaskStartedEventAttributes);
      const taskCompleted = after.find((event) => event.workflowTaskCompletedEventAttributes);
      if (taskStarted?.eventTime) {
        breachTimelines.push({ wait: eventMs(taskStarted.eventTime) - firedAt, events: timeline(after, firedAt) });
      }
      if (taskStarted?.eventTime && taskCompleted?.eventTime)
        breachTaskRun.push(eventMs(taskCompleted.eventTime) - eventMs(taskStarted.eventTime));
    });
    sampleRss();
    const breachTaskWait = breachTimelines.map(({ wait }) => wait);
    const medianTimeline = [...breachTimelines].sort((a, b) => a.wait - b.wait)[Math.floor(breachTimelines.length / 2)];
    if (medianTimeline) process.stdout.write(`the median due job after TimerFired: ${medianTimeline.events}\n`);
    process.stdout.write(
      `deadline: ${breachesRecorded} of ${due} breaches recorded; ${firstTaskAfterDeadline} jobs ran their first workflow ` +
        `task after the deadline (no timer); fired vs deadline p95 ${s(fired, 0.95)}, ` +
        `vs the timer's due time p95 ${s(firedVsTimer, 0.95)}; handled p95 ${s(handled, 0.95)}\n` +
        `  the breach's workflow task: waited p50/p95 ${s(breachTaskWait, 0.5)} / ${s(breachTaskWait, 0.95)} after TimerFired, ` +
        `ran p50/p95 ${s(breachTaskRun, 0.5)} / ${s(breachTaskRun, 0.95)}; ${taskTimeouts} workflow task timeouts in the due jobs\n`,
    );

    const deadlineFigures = await deadlineWindow;
    process.stdout.write(`${deadlineFigures.join('\n')}\n`);

    // 4b. The API again, with every job open and nothing else going on.
    enterPhase('reads at rest');
    const atRest = await readApi(Date.now() + 20_000);
    sampleRss();

    // 5. Release the queue, and wait until every job and investigation of the run has closed.
    const openQuery = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType).equals('ExecutionStatus', 'Running');
    const released = performance.now();
    enterPhase('drain');
    await holdQueue(stack, journalQueue, false);
    let lastOpen = Number.POSITIVE_INFINITY;
    let lastChange = Date.now();
    for (;;) {
      const { count } = await client.workflow.count(openQuery.toString());
      if (count === 0) break;
      if (count < lastOpen) {
        lastOpen = count;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > 150_000) {
        process.stdout.write(`no progress for 150 s with ${count} still open\n`);
        await describeStuck(stack, openQuery.toString());
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainSeconds = (performance.now() - released) / 1000;
    enterPhase('done');

    // 6. Lost and duplicated steps, from the agent's journal: each entry must appear exactly once.
    const perEntry = new Map<string, number>();
    for (const line of readFileSync(journalFile, 'utf8').split('\n')) {
      const [action, entryId] = line.split(' ');
      if (action === 'post' && entryId?.startsWith(runTag)) perEntry.set(entryId, (perEntry.get(entryId) ?? 0) + 1);
    }
    const accepted = [
      ...Array.from({ length: regular }, (_, index) => `${runTag}-r${index}`).filter((entryId) => !refusedEntries.has(entryId)),
      ...Array.from({ length: due }, (_, index) => `${runTag}-d${index}`),
    ];
    const refusedButRan = [...refusedEntries].filter((entryId) => perEntry.has(entryId)).length;
    const expected = accepted.length + refusedButRan;
    const duplicated = [...perEntry.values()].filter((count) => count > 1).length;
    const lost = accepted.filter((entryId) => !perEntry.has(entryId)).length;

    const investigations = Math.round(regular * investigationShare);
    const lines = [
      '',
      `open at once: ${expected} (${regular - refused + refusedButRan} through the API, ${investigations} of them investigations; ` +
        `${due} due together); ${refused} submissions refused (not 202), ${refusedButRan} of which had started and ran`,
      `peak RSS: Temporal server ${mb(rss.server)} MB (from ${mb(baseline.server)}), ` +
        `workflow worker + API ${mb(rss.workflowWorker)} MB (from ${mb(baseline.workflowWorker)}; ` +
        `main thread heap ${mb(rss.mainHeap)} MB), ` +
        `agent worker ${mb(rss.agentWorker)} MB; target workers <= 1024 MB`,
      `worker + API peak by phase: ${[...phasePeaks].map(([name, bytes]) => `${name} ${mb(bytes)} MB`).join(', ')}; ` +
        `the peak at ${peakAt}`,
      `GET /v1/jobs/:id  p50 ${ms(getMs, 0.5)}, p95 ${ms(getMs, 0.95)} (${getMs.length} reads); target p95 <= 200 ms`,
      `GET /v1/jobs?...  p50 ${ms(listMs, 0.5)}, p95 ${ms(listMs, 0.95)} (${listMs.length} filtered lists); target p95 <= 200 ms`,
      `  its visibility query from the client directly: p50 ${ms(rawListMs, 0.5)}, p95 ${ms(rawListMs, 0.95)} (${rawListMs.length})`,
      `at rest (every breach handled, nothing else running): GET /v1/jobs/:id p50 ${ms(atRest.getMs, 0.5)}, ` +
        `p95 ${ms(atRest.getMs, 0.95)} (${atRest.getMs.length}); filtered list p50 ${ms(atRest.listMs, 0.5)}, ` +
        `p95 ${ms(atRest.listMs, 0.95)} (${atRest.listMs.length}); its visibility query p50 ${ms(atRest.rawListMs, 0.5)}, ` +
        `p95 ${ms(atRest.rawListMs, 0.95)}`,
      `main thread event-loop delay by phase: ${loopDelays.join('; ')}`,
      `main thread at each phase's RSS peak (V8 heap committed, external): ${[...phaseParts]
        .map(([name, part]) => `${name} ${mb(part.heapTotal)} / ${mb(part.external)} MB`)
        .join(', ')}`,
      `SLA deadline of ${due} jobs in one second (${fired.length} measured): fired (TimerFired) p50 ${s(fired, 0.5)}, ` +
        `p95 ${s(fired, 0.95)} after the deadline; p50 ${s(firedVsTimer, 0.5)}, p95 ${s(firedVsTimer, 0.95)} after the timer's ` +
        `own due time (which the job's first workflow task put p50 ${s(startSkew, 0.5)}, p95 ${s(startSkew, 0.95)} past the deadline); ` +
        `handled by the workflow p50 ${s(handled, 0.5)}, p95 ${s(handled, 0.95)}; target p95 <= 2 s`,
      `  TimerFired after the timer's own due time by quantile: ${[0.5, 0.75, 0.9, 0.95, 0.99, 1]
        .map((quantile) => `p${quantile * 100} ${s(firedVsTimer, quantile)}`)
        .join(', ')}`,
      ...deadlineFigures,
      `released: all closed ${drainSeconds.toFixed(1)} s after the release; lost ${lost}, duplicated ${duplicated}; target 0 and 0`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    clearInterval(sampler);
    clearInterval(threadStats);
    for (const timer of snapshotTimers) clearTimeout(timer);
    await Promise.all(snapshots);
    await holdQueue(stack, journalQueue, false).catch(() => undefined);
    await stack.stop();
  }
}

/**
 * Why workflows stopped moving: for up to 20 of them, what Temporal says is pending (workflow task, activities,
 * their attempts and last failures) and the last events of the history.
 */
async function describeStuck(stack: BenchStack, query: string): Promise<void> {
  let shown = 0;
  for await (const run of stack.client.workflow.list({ query })) {
    if (shown++ >= 20) break;
    const handle = stack.client.workflow.getHandle(run.workflowId, run.runId);
    const { raw } = await handle.describe();
    const activities = (raw.pendingActivities ?? []).map(
      (activity) =>
        `${activity.activityType?.name} state ${activity.state} attempt ${activity.attempt} ` +
        `key ${activity.priority?.priorityKey ?? '-'} worker ${activity.lastWorkerIdentity || '-'}` +
        `${activity.lastFailure ? ` last failure "${activity.lastFailure.message}"` : ''}`,
    );
    const task = raw.pendingWorkflowTask;
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events
      .slice(-6)
      .map((event) => temporal.api.enums.v1.EventType[event.eventType ?? 0]?.replace('EVENT_TYPE_', ''))
      .join(', ');
    process.stdout.write(
      `  ${run.workflowId}: ${events.length} events, last ${last}; ` +
        `workflow task ${task ? `pending (state ${task.state}, attempt ${task.attempt})` : 'none'}; ` +
        `activities: ${activities.join('; ') || 'none'}\n`,
    );
    const failed = events.filter((event) => event.workflowTaskFailedEventAttributes).at(-1);
    if (failed) process.stdout.write(`    last workflow task failure: ${failed.workflowTaskFailedEventAttributes?.failure?.message}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
