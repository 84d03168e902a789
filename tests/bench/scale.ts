/**
 * `npm run bench:scale [-- --open 10000 --due 1000 --investigations 0.1 --concurrency 16]`: holds many open jobs and
 * investigations on the dev server, each waiting with its SLA timers while its agent's queue is held (Temporal's
 * UpdateTaskQueueConfig, rate limit 0), and measures in one run:
 * - the peak RSS of the Temporal server, of the workflow worker (this process, which also serves the API, as
 *   `npm start` does) and of the agent worker's child process;
 * - the API's p50/p95 for GET /v1/jobs/:id and a filtered list under that load;
 * - how late `--due` SLA deadlines that fall in the same second fire (TimerFired) and are handled by the workflow;
 * - after the queue is released, the time until all have completed, and how many steps were lost or ran twice,
 *   counted from the test agent's journal (one line per effect).
 * The step is the journal agent's postEntry (tests/fixtures/agents/journal-agent.ts): its journal is the ground truth.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { temporal } from '@temporalio/proto';
import type { LoadedConfig } from '../../src/config/load-config';
import { agentTaskQueue } from '../../src/config/task-queues';
import { investigationWorkflowType } from '../../src/contracts/investigation-workflow';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { SlaBreachedAttribute } from '../../src/contracts/search-attributes';
import { jobStart } from '../../src/jobs/job-start';
import { newJobId } from '../../src/jobs/request-fingerprint';
import { deploymentWorkflows } from '../../src/temporal/visibility-query';
import { writeConfigVariant } from '../integration/harness/config-variant';
import { machineDescription, percentile, persistence, startBenchStack, withConcurrency, type BenchStack } from './bench-stack';

const { values } = parseArgs({
  options: {
    open: { type: 'string', default: '2000' },
    due: { type: 'string', default: '1000' },
    investigations: { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '16' },
    /** orchestration.maxCachedWorkflows for this run (default: temporal.yaml's). */
    cache: { type: 'string' },
  },
});
const open = Number(values.open);
const due = Math.min(Number(values.due), open);
const investigationShare = Number(values.investigations);
const concurrency = Number(values.concurrency);

const journalFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-scale-')), 'journal.log');
const benchJobType = 'JOURNAL_POSTENTRY';
const runTag = `scale-${process.pid}`;

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

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
    config.jobTypes![benchJobType] = { agent: 'journal', action: 'postEntry', retryPolicy: 'immediate' };
  });
  const stack = await startBenchStack({
    workerAgents: ['journal'],
    agentProcesses: true,
    configure: (config: LoadedConfig) => {
      // Admission control would refuse the load this benchmark is about: raised for the run (a config key).
      for (const priority of Object.values(config.priorities)) priority.maxOpen = open * 2;
      if (values.cache !== undefined) config.orchestration.maxCachedWorkflows = Number(values.cache);
    },
  });
  const { config, client } = stack;
  const journalQueue = agentTaskQueue(config, 'journal');
  const rss = { server: 0, workflowWorker: 0, agentWorker: 0, mainHeap: 0 };
  const sampleRss = (): void => {
    rss.server = Math.max(rss.server, rssOf(stack.serverPid));
    rss.workflowWorker = Math.max(rss.workflowWorker, process.memoryUsage().rss);
    // The main thread's V8 heap (the API, the client); the rest of this process's RSS is the SDK's workflow threads and core.
    rss.mainHeap = Math.max(rss.mainHeap, process.memoryUsage().heapUsed);
    rss.agentWorker = Math.max(rss.agentWorker, rssOf(stack.agentProcesses[0]?.pid()));
  };
  const baseline = { workflowWorker: process.memoryUsage().rss, server: rssOf(stack.serverPid) };
  const sampler = setInterval(sampleRss, 1_000);
  try {
    await holdQueue(stack, journalQueue, true);
    process.stdout.write(
      `${machineDescription()}\nserver: ${persistence(false)}; queue ${journalQueue} held (rate limit 0); ` +
        `maxCachedWorkflows ${config.orchestration.maxCachedWorkflows}\n`,
    );

    // 1. The regular open work, through the API: LOW jobs (SLA 24 h) and investigations.
    const regular = open - due;
    const jobIds: string[] = [];
    let refused = 0;
    const submitStarted = performance.now();
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

    // 3. The API under that load, while the deadline approaches.
    const getMs: number[] = [];
    const listMs: number[] = [];
    const readUntil = Math.max(Date.now() + 20_000, dueAt - 3_000);
    let reads = 0;
    await withConcurrency(4, 4, async (worker) => {
      while (Date.now() < readUntil || reads < 200) {
        reads += 1;
        if (worker === 0) {
          const answer = await http(stack, 'GET', `/v1/jobs?status=RUNNING&type=${benchJobType}&priority=LOW&caseId=${runTag}&pageSize=20`);
          if (answer.status === 200) listMs.push(answer.ms);
        } else {
          const jobId = jobIds[Math.floor(Math.random() * jobIds.length)] ?? dueIds[0];
          const answer = await http(stack, 'GET', `/v1/jobs/${jobId}`);
          if (answer.status === 200) getMs.push(answer.ms);
        }
      }
    });
    sampleRss();

    // 4. The due timers: wait until every due job recorded its breach, then read when each timer fired.
    const breachQuery = deploymentWorkflows(config, jobWorkflowType)
      .equals('TaskmasterCaseId', `${runTag}-due`)
      .equals(SlaBreachedAttribute.name, true);
    const breachDeadline = dueAt + 180_000;
    while (Date.now() < breachDeadline && (await client.workflow.count(breachQuery.toString())).count < due) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const fired: number[] = [];
    const handled: number[] = [];
    await withConcurrency(dueIds.length, concurrency, async (index) => {
      const history = await client.workflow.getHandle(`job-${dueIds[index]}`).fetchHistory();
      const events = history.events ?? [];
      const timerFired = events.filter((event) => event.timerFiredEventAttributes).at(-1);
      if (!timerFired?.eventTime) return;
      const firedAt = Number(timerFired.eventTime.seconds) * 1000 + Math.round((timerFired.eventTime.nanos ?? 0) / 1e6);
      fired.push(firedAt - dueAt);
      const upsert = events.find(
        (event) => Number(event.eventId) > Number(timerFired.eventId) && event.upsertWorkflowSearchAttributesEventAttributes,
      );
      if (upsert?.eventTime)
        handled.push(Number(upsert.eventTime.seconds) * 1000 + Math.round((upsert.eventTime.nanos ?? 0) / 1e6) - dueAt);
    });
    sampleRss();

    // 5. Release the queue, and wait until every job and investigation of the run has closed.
    const openQuery = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType).equals('ExecutionStatus', 'Running');
    const released = performance.now();
    await holdQueue(stack, journalQueue, false);
    let lastOpen = Number.POSITIVE_INFINITY;
    let lastChange = Date.now();
    for (;;) {
      const { count } = await client.workflow.count(openQuery.toString());
      if (count === 0) break;
      if (count < lastOpen) {
        lastOpen = count;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > 120_000) {
        process.stdout.write(`no progress for 120 s with ${count} still open\n`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainSeconds = (performance.now() - released) / 1000;

    // 6. Lost and duplicated steps, from the agent's journal: each entry must appear exactly once.
    const perEntry = new Map<string, number>();
    for (const line of readFileSync(journalFile, 'utf8').split('\n')) {
      const [action, entryId] = line.split(' ');
      if (action === 'post' && entryId?.startsWith(runTag)) perEntry.set(entryId, (perEntry.get(entryId) ?? 0) + 1);
    }
    const expected = regular - refused + due;
    const duplicated = [...perEntry.values()].filter((count) => count > 1).length;
    const lost = expected - perEntry.size;

    const ms = (values: number[], fraction: number): string =>
      `${percentile(
        [...values].sort((a, b) => a - b),
        fraction,
      ).toFixed(0)} ms`;
    const s = (values: number[], fraction: number): string =>
      `${(
        percentile(
          [...values].sort((a, b) => a - b),
          fraction,
        ) / 1000
      ).toFixed(2)} s`;
    const investigations = Math.round(regular * investigationShare);
    const lines = [
      '',
      `open at once: ${expected} (${regular - refused} through the API, ${investigations} of them investigations; ${due} due together)`,
      `peak RSS: Temporal server ${mb(rss.server)} MB (from ${mb(baseline.server)}), ` +
        `workflow worker + API ${mb(rss.workflowWorker)} MB (from ${mb(baseline.workflowWorker)}; ` +
        `main thread heap ${mb(rss.mainHeap)} MB), ` +
        `agent worker ${mb(rss.agentWorker)} MB; target workers <= 1024 MB`,
      `GET /v1/jobs/:id  p50 ${ms(getMs, 0.5)}, p95 ${ms(getMs, 0.95)} (${getMs.length} reads); target p95 <= 200 ms`,
      `GET /v1/jobs?...  p50 ${ms(listMs, 0.5)}, p95 ${ms(listMs, 0.95)} (${listMs.length} filtered lists); target p95 <= 200 ms`,
      `SLA deadline of ${due} jobs in one second: fired (TimerFired) p50 ${s(fired, 0.5)}, p95 ${s(fired, 0.95)} late; ` +
        `handled by the workflow p50 ${s(handled, 0.5)}, p95 ${s(handled, 0.95)} (${fired.length} measured); target p95 <= 2 s`,
      `released: all closed ${drainSeconds.toFixed(1)} s after the release; lost ${lost}, duplicated ${duplicated}; target 0 and 0`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    clearInterval(sampler);
    await holdQueue(stack, journalQueue, false).catch(() => undefined);
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
