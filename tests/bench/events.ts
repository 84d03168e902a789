/**
 * `npm run bench:events [-- --subscribers 1000 --seconds 30 --concurrency 12]`: one facade, a steady mixed load of
 * jobs (six job types, three priority classes, a closed loop of `concurrency` jobs in flight) run three times: with
 * no subscriber, then for twice as long with N WebSocket subscribers (in a child process) following the jobs' case,
 * then again with none (the two without are pooled, against the host's drift). Prints the
 * delivery latency p50/p95 (history event time to the subscriber's receipt), the messages lost (a subscriber
 * that never saw a job's COMPLETED), the facade process's CPU and memory in both phases, the jobs' throughput
 * ratio, and the accuracy of the estimate made at submission (median absolute error as a share of the duration).
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { jobWorkflowId } from '../../src/contracts/workflow-ids';
import { liveHistoryPolls } from '../../src/metrics/facade-metrics';
import os from 'node:os';
import { machineDescription, percentile, persistence, startBenchStack, type BenchStack } from './bench-stack';
import { auditLogWaits } from './audit-log-waits';
import { jobWaits, type JobWaits } from './job-waits';
import { orchestrationTaskQueue } from '../../src/config/task-queues';
import { childPids, cpuMeter } from './process-cpu';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '12' },
    /** Write every job's type, priority, estimate and times to this JSON file, to try estimate formulas on them. */
    dump: { type: 'string' },
  },
});
const subscriberCount = Number(args.subscribers);
const phaseSeconds = Number(args.seconds);
const concurrency = Number(args.concurrency);

const fixturesDir = path.resolve(__dirname, '../fixtures/jobs');
const jobs = readdirSync(fixturesDir)
  .filter((file) => file.endsWith('.json') && file !== 'expected.json')
  .map((file) => JSON.parse(readFileSync(path.join(fixturesDir, file), 'utf8')) as Record<string, unknown>);
const priorities = ['HIGH', 'NORMAL', 'LOW'] as const;

interface Submitted {
  jobId: string;
  type: string;
  priority: string;
  submittedAtMs: number;
  estimatedTime: number | null;
}

interface PhaseFigures {
  label: string;
  completed: number;
  jobsPerSecond: number;
  wallMs: number;
  /** When the phase began and ended (ms since the epoch), to read the audit logs' histories over it. */
  startedAtMs: number;
  endedAtMs: number;
  cpuShare: number;
  /** The Temporal dev server's and the agents' processes' CPU, and the subscribers' process's (NaN without one). */
  temporalCpuShare: number;
  agentsCpuShare: number;
  subscribersCpuShare: number;
  /** The facade's fan-out child process's CPU (0 without one). */
  fanOutCpuShare: number;
  loadAverage: number;
  /** The facade's event loop delay over the phase (ms): a loop kept busy delays workflow tasks and HTTP alike. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Mean time from submission to result, ms. */
  jobMeanMs: number;
  /** The live API's history long-polls (taskmaster_live_history_polls_total) over the phase, per completed job. */
  historyPollsPerJob: number;
  rssMaxMb: number;
  submitted: Submitted[];
  /** Submissions the facade refused (status and body). */
  refused: string[];
}

/** The live API's history long-polls so far (this process's facade registry). */
async function historyPolls(): Promise<number> {
  return (await liveHistoryPolls.get()).values.reduce((sum, sample) => sum + sample.value, 0);
}

async function phase(stack: BenchStack, label: string, caseId: string, seconds: number, subscribersPid?: number): Promise<PhaseFigures> {
  const submitted: Submitted[] = [];
  const refused: string[] = [];
  let completed = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const cpuBefore = process.cpuUsage();
  const pollsBefore = await historyPolls();
  const temporalCpu = cpuMeter(() => [stack.serverPid]);
  const agentsCpu = cpuMeter(() => stack.agentProcesses.map((agent) => agent.pid()));
  const subscribersCpu = cpuMeter(() => [subscribersPid]);
  // The facade's WebSocket fan-out process (events.fanOut: process), forked at the first subscriber: the facade's too.
  const fanOutPids = childPids('fan-out-process');
  const fanOutCpu = cpuMeter(() => fanOutPids);
  // Under --cpu-prof, the phase's bounds on the profile's clock (µs, monotonic), to read that phase's samples alone.
  if (process.execArgv.some((arg) => arg.startsWith('--cpu-prof'))) console.log(`${label} from ${process.hrtime.bigint() / 1000n} µs`);
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const jobTimes: number[] = [];
  const startedAt = Date.now();
  let rssMax = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const index = next++;
        const priority = priorities[index % priorities.length] ?? 'NORMAL';
        const fixture = jobs[index % jobs.length] ?? {};
        const body = { ...fixture, priority, caseId };
        const response = await fetch(`${stack.apiUrl}/v1/jobs`, { method: 'POST', headers: stack.headers, body: JSON.stringify(body) });
        if (response.status !== 202) {
          // Counted and reported, not fatal: a refused submission is a figure of the run.
          refused.push(`${response.status} ${await response.text()}`);
          continue;
        }
        const answer = (await response.json()) as Submitted;
        const submittedAt = Date.now();
        submitted.push({
          jobId: answer.jobId,
          type: String(fixture.type),
          priority,
          submittedAtMs: submittedAt,
          estimatedTime: answer.estimatedTime,
        });
        await stack.client.workflow.getHandle(jobWorkflowId(answer.jobId)).result();
        jobTimes.push(Date.now() - submittedAt);
        completed++;
      }
    }),
  );
  const wallMs = Date.now() - startedAt;
  if (process.execArgv.some((arg) => arg.startsWith('--cpu-prof'))) console.log(`${label} until ${process.hrtime.bigint() / 1000n} µs`);
  clearInterval(sampler);
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const polls = (await historyPolls()) - pollsBefore;
  return {
    label,
    completed,
    jobsPerSecond: completed / (wallMs / 1000),
    wallMs,
    startedAtMs: startedAt,
    endedAtMs: startedAt + wallMs,
    cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
    temporalCpuShare: temporalCpu(),
    agentsCpuShare: agentsCpu(),
    subscribersCpuShare: subscribersCpu(),
    fanOutCpuShare: fanOutPids.length > 0 ? fanOutCpu() : 0,
    loadAverage: os.loadavg()[0] ?? Number.NaN,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    jobMeanMs: jobTimes.reduce((sum, ms) => sum + ms, 0) / Math.max(1, jobTimes.length),
    historyPollsPerJob: polls / Math.max(1, completed),
    rssMaxMb: rssMax / 2 ** 20,
    submitted,
    refused,
  };
}

/** A submitted job with its run's start and close times (ms), read back from Temporal. */
interface Closed extends Submitted {
  phase: string;
  startMs: number;
  closeMs: number;
}

/** Two phases as one: counts and times added, CPU shares weighted by each phase's time. */
function pooled(label: string, a: PhaseFigures, b: PhaseFigures): PhaseFigures {
  const wallMs = a.wallMs + b.wallMs;
  const weighted = (pick: (figures: PhaseFigures) => number): number => (pick(a) * a.wallMs + pick(b) * b.wallMs) / wallMs;
  const completed = a.completed + b.completed;
  return {
    label,
    completed,
    jobsPerSecond: completed / (wallMs / 1000),
    wallMs,
    startedAtMs: a.startedAtMs,
    endedAtMs: b.endedAtMs,
    cpuShare: weighted((figures) => figures.cpuShare),
    temporalCpuShare: weighted((figures) => figures.temporalCpuShare),
    agentsCpuShare: weighted((figures) => figures.agentsCpuShare),
    subscribersCpuShare: Number.NaN,
    fanOutCpuShare: weighted((figures) => figures.fanOutCpuShare),
    loadAverage: weighted((figures) => figures.loadAverage),
    loopDelayP99Ms: Math.max(a.loopDelayP99Ms, b.loopDelayP99Ms),
    loopDelayMaxMs: Math.max(a.loopDelayMaxMs, b.loopDelayMaxMs),
    jobMeanMs: (a.jobMeanMs * a.completed + b.jobMeanMs * b.completed) / Math.max(1, completed),
    historyPollsPerJob: (a.historyPollsPerJob * a.completed + b.historyPollsPerJob * b.completed) / Math.max(1, completed),
    rssMaxMb: Math.max(a.rssMaxMb, b.rssMaxMb),
    submitted: [...a.submitted, ...b.submitted],
    refused: [...a.refused, ...b.refused],
  };
}

async function closedJobs(stack: BenchStack, phase: string, submitted: Submitted[]): Promise<Closed[]> {
  const closed: Closed[] = [];
  for (const job of submitted) {
    const description = await stack.client.workflow.getHandle(jobWorkflowId(job.jobId)).describe();
    closed.push({ ...job, phase, startMs: description.startTime.getTime(), closeMs: description.closeTime?.getTime() ?? NaN });
  }
  return closed;
}

/** The median absolute error of the estimates made at submission, as a share of each job's real duration (start to close). */
function estimateError(jobs: Closed[]): { estimated: number; total: number; medianError: number } {
  const errors: number[] = [];
  for (const job of jobs) {
    const actualMs = job.closeMs - job.startMs;
    if (job.estimatedTime === null || !(actualMs > 0)) continue;
    errors.push(Math.abs(job.estimatedTime * 1000 - actualMs) / actualMs);
  }
  errors.sort((a, b) => a - b);
  return { estimated: errors.length, total: jobs.length, medianError: percentile(errors, 0.5) };
}

interface SubscriberReport {
  messages: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  completedBy: Record<string, number>;
  unexpectedCloses: number;
  closeCodes: Record<string, number>;
  /** The subscribers' process's CPU time over its life, as a share of one core. */
  cpuShare: number;
}

async function main(): Promise<void> {
  const stack = await startBenchStack({ agentProcesses: true });
  const token = stack.headers.authorization?.replace(/^Bearer /, '') ?? '';
  const run = Date.now().toString(36);
  try {
    console.log(`warm-up: ${args.warmup} s of the mixed load (the estimates learn from completed jobs)`);
    const warmUp = await phase(stack, 'warm-up', `BENCH-EVENTS-WARM-${run}`, Number(args.warmup));

    // No subscribers, then subscribers for twice as long, then none again: the two without are pooled, so that a
    // drift of the shared host's speed over the run (other tenants' load) weighs on both sides alike.
    const before = await phase(stack, 'no subscribers (before)', `BENCH-EVENTS-A-${run}`, phaseSeconds);
    console.log(`${before.label}: ${before.completed} jobs`);

    const caseId = `BENCH-EVENTS-B-${run}`;
    const child = fork(
      path.join(__dirname, 'events-subscribers.ts'),
      [stack.apiUrl.replace(/^http/, 'ws'), token, String(subscriberCount), caseId],
      {
        execArgv: ['--import', 'tsx'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the subscribers' process exited (${code})`)));
    });
    console.log(`${subscriberCount} subscribers connected`);
    const subscribed = await phase(stack, `${subscriberCount} subscribers`, caseId, 2 * phaseSeconds, child.pid);
    console.log(`${subscribed.label}: ${subscribed.completed} jobs`);

    // Delivery follows completion by a moment: wait until every subscriber has every COMPLETED, or 20 s.
    const ask = () =>
      new Promise<SubscriberReport>((resolve) => {
        child.once('message', (message: { report: SubscriberReport }) => resolve(message.report));
        child.send({ report: true });
      });
    let report = await ask();
    const lostIn = (figures: SubscriberReport) =>
      subscribed.submitted.reduce((sum, job) => sum + (subscriberCount - (figures.completedBy[job.jobId] ?? 0)), 0);
    for (const until = Date.now() + 20_000; lostIn(report) > 0 && Date.now() < until; report = await ask()) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    child.send({ close: true });
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const after = await phase(stack, 'no subscribers (after)', `BENCH-EVENTS-C-${run}`, phaseSeconds);
    console.log(`${after.label}: ${after.completed} jobs`);
    const baseline = pooled('no subscribers (pooled)', before, after);

    const waits: JobWaits[] = [];
    for (const figures of [baseline, subscribed]) {
      waits.push(
        await jobWaits(
          stack.client,
          figures.submitted.map((job) => jobWorkflowId(job.jobId)),
        ),
      );
    }
    const [closedA, closedB] = [await closedJobs(stack, 'A', baseline.submitted), await closedJobs(stack, 'B', subscribed.submitted)];
    const [errorA, errorB, allErrors] = [estimateError(closedA), estimateError(closedB), estimateError([...closedA, ...closedB])];
    if (args.dump) {
      writeFileSync(args.dump, JSON.stringify([...(await closedJobs(stack, 'warm-up', warmUp.submitted)), ...closedA, ...closedB]));
      // The slowest type's histories beside it: where its jobs waited, event by event.
      const histories: Record<string, unknown> = {};
      for (const job of [...closedA, ...closedB].filter((closed) => closed.type === 'EVIDENCE_PROCESSING').slice(0, 40)) {
        const history = await stack.client.workflow.getHandle(jobWorkflowId(job.jobId)).fetchHistory();
        histories[`${job.phase} ${job.jobId}`] = history.events?.map((event) => ({
          id: String(event.eventId),
          type: event.eventType,
          at: event.eventTime ? Number(event.eventTime.seconds) * 1000 + Math.floor((event.eventTime.nanos ?? 0) / 1e6) : null,
          attempt: event.activityTaskStartedEventAttributes?.attempt,
          lastFailure: event.activityTaskStartedEventAttributes?.lastFailure?.message,
        }));
      }
      writeFileSync(`${args.dump}.evidence-histories.json`, JSON.stringify(histories));
    }
    const lost = lostIn(report);
    console.log('');
    console.log(`bench:events (${new Date().toISOString()})`);
    console.log(machineDescription());
    console.log(`Temporal: ${persistence(false)}; agents in child processes; ${concurrency} jobs in flight; ${phaseSeconds} s per phase`);
    console.log('CPU as a share of one core over the phase; facade = this process (HTTP, live events, workflow worker)');
    const columns = ['facade CPU', 'fan-out CPU', 'facade RSS max (MB)', 'Temporal CPU', 'agents CPU', 'subscribers CPU', 'load avg'];
    console.log(`| phase | jobs completed | jobs/s | ${columns.join(' | ')} | history polls per job |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const figures of [before, subscribed, after, baseline]) {
      const cells = [
        figures.label,
        figures.completed,
        figures.jobsPerSecond.toFixed(2),
        figures.cpuShare.toFixed(2),
        figures.fanOutCpuShare.toFixed(2),
        figures.rssMaxMb.toFixed(0),
        figures.temporalCpuShare.toFixed(2),
        figures.agentsCpuShare.toFixed(2),
        Number.isNaN(figures.subscribersCpuShare) ? '-' : figures.subscribersCpuShare.toFixed(2),
        figures.loadAverage.toFixed(1),
        figures.historyPollsPerJob.toFixed(1),
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
    console.log(
      [
        '| phase | job submit-to-result mean (s) | facade event loop delay p99 / max (ms)',
        'workflow task wait | activity wait | activity run | workflow task retries |',
      ].join(' | '),
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    [baseline, subscribed].forEach((figures, index) => {
      const wait = waits[index];
      const cells = [
        figures.label,
        (figures.jobMeanMs / 1000).toFixed(1),
        `${figures.loopDelayP99Ms.toFixed(0)} / ${figures.loopDelayMaxMs.toFixed(0)}`,
        `${wait?.workflowTaskWaitMs ?? NaN} ms`,
        `${wait?.activityWaitMs ?? NaN} ms`,
        `${wait?.activityRunMs ?? NaN} ms`,
        wait?.workflowTaskRetries ?? NaN,
      ];
      console.log(`| ${cells.join(' | ')} |`);
    });
    // The facade's CPU beyond what the same jobs cost without subscribers, per message and per subscriber.
    const facadeMs = (figures: PhaseFigures) => (figures.cpuShare + figures.fanOutCpuShare) * figures.wallMs;
    const extraFacadeMs = facadeMs(subscribed) - facadeMs(baseline) * (subscribed.completed / Math.max(1, baseline.completed));
    console.log(
      'facade CPU (with its fan-out process) for the subscribers: ' +
        `${((extraFacadeMs * 1000) / Math.max(1, report.messages)).toFixed(1)} µs per delivered message, ` +
        `${(extraFacadeMs / subscriberCount / (subscribed.wallMs / 1000)).toFixed(3)} ms per subscriber per second ` +
        `(${report.messages} messages delivered)`,
    );
    console.log(`subscribers' process CPU (share of one core, from connected to report): ${report.cpuShare.toFixed(2)}`);
    console.log(
      `throughput ratio (with / without subscribers): ${(subscribed.jobsPerSecond / baseline.jobsPerSecond).toFixed(3)} (target >= 0.9)`,
    );
    console.log(
      `delivery latency (history event -> receipt), ${report.messages} job_status_update messages: ` +
        `p50 ${report.p50Ms} ms, p95 ${report.p95Ms} ms (target <= 1000), p99 ${report.p99Ms} ms, max ${report.maxMs} ms`,
    );
    console.log(
      `messages lost: ${lost} of ${subscribed.submitted.length * subscriberCount} COMPLETED expected (target 0); ` +
        `unexpected closes: ${report.unexpectedCloses} ${JSON.stringify(report.closeCodes)}`,
    );
    console.log(
      `estimate at submission, median absolute error: ${(allErrors.medianError * 100).toFixed(1)}% of the real duration ` +
        `(target <= 25%) over ${allErrors.estimated} of ${allErrors.total} jobs estimated ` +
        `(no subscribers ${(errorA.medianError * 100).toFixed(1)}%, with ${(errorB.medianError * 100).toFixed(1)}%)`,
    );
    // One slow type holds the closed loop's slots: a phase's throughput is read with its types' own durations.
    console.log('| job type | median start-to-close, no subscribers (s) | with subscribers (s) |');
    console.log('| --- | --- | --- |');
    for (const type of [...new Set(closedA.map((job) => job.type))].sort()) {
      const median = (jobs: Closed[]) =>
        percentile(
          jobs
            .filter((job) => job.type === type)
            .map((job) => job.closeMs - job.startMs)
            .sort((a, b) => a - b),
          0.5,
        ) / 1000;
      console.log(`| ${type} | ${median(closedA).toFixed(1)} | ${median(closedB).toFixed(1)} |`);
    }
    // Where each type's time went: its activity's wait for an agent and its run (which includes what the agent
    // waits on, such as EVIDENCE_PROCESSING's custody updates), and its workflow tasks' wait.
    console.log('| job type | phase | workflow task wait | activity wait | activity run |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const type of [...new Set(closedA.map((job) => job.type))].sort()) {
      for (const figures of [baseline, subscribed]) {
        const ids = figures.submitted.filter((job) => job.type === type).map((job) => jobWorkflowId(job.jobId));
        const wait = await jobWaits(stack.client, ids);
        console.log(
          `| ${type} | ${figures.label} | ${wait.workflowTaskWaitMs} ms | ${wait.activityWaitMs} ms | ${wait.activityRunMs} ms |`,
        );
      }
    }
    console.log(
      [
        '| phase | audit log updates | update median (ms) | its workflow tasks, wait median (ms)',
        'custody log updates',
        'update median (ms) | task wait (ms) |',
      ].join(' | '),
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const figures of [before, subscribed, after]) {
      const audit = await auditLogWaits(stack.client, orchestrationTaskQueue(stack.config), figures.startedAtMs, figures.endedAtMs);
      const cells = [
        figures.label,
        audit.deploymentUpdates,
        audit.deploymentUpdateMs,
        `${audit.deploymentTasks}, ${audit.deploymentTaskWaitMs}`,
        audit.custodyUpdates,
        audit.custodyUpdateMs,
        audit.custodyTaskWaitMs,
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
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
