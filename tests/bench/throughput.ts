/**
 * `npm run bench:throughput [-- --jobs 1000 --concurrency 16 --memory]`: N single-step jobs through the HTTP facade and N
 * started directly with the Temporal client, against the same server in one run. Prints jobs per second end to
 * end (first submission to last COMPLETED), p50/p95 latency (submission to close) and the ratio facade/direct.
 * Then, on the same server, N jobs through a facade with sign-in and payload encryption on (a tenant's token, so
 * the tenant's data key) against N through a second stack with both off, in pairs of phases (on/off, then off/on,
 * ...): the machine is shared and its load drifts, so each pair's ratio compares two neighbouring phases, and the
 * median of the pairs' ratios is the figure (target >= 0.95). `--pairs 5` (default), `--skip-direct` runs only the
 * security comparison, `--control` runs it with both off on both stacks (what the comparison reads when nothing
 * differs).
 */
import { parseArgs } from 'node:util';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { durationSchema } from '../../src/config/duration';
import type { LoadedConfig } from '../../src/config/load-config';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { CaseIdAttribute } from '../../src/contracts/search-attributes';
import { jobStart } from '../../src/jobs/job-start';
import { newJobId } from '../../src/jobs/request-fingerprint';
import { VisibilityQuery } from '../../src/temporal/visibility-query';
import {
  caseCompletion,
  machineDescription,
  percentile,
  persistence,
  startBenchStack,
  withConcurrency,
  type BenchStack,
} from './bench-stack';
import { processCpuMs } from './process-cpu';

const data = {
  statement: [
    { id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' },
    { id: 'S2', date: '2026-03-03', amount: 80, description: 'bank fee' },
  ],
  ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
};

interface PhaseResult {
  label: string;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  latencies: number[];
  /** CPU ms per job of this process (facade, workers, client) and of the Temporal server, over the phase. */
  benchCpuMsPerJob: number;
  serverCpuMsPerJob: number;
}

function combine(label: string, phases: PhaseResult[]): PhaseResult {
  const jobs = phases.reduce((sum, phase) => sum + phase.jobs, 0);
  const seconds = phases.reduce((sum, phase) => sum + phase.seconds, 0);
  const cpuMs = (perJob: (phase: PhaseResult) => number): number => phases.reduce((sum, phase) => sum + perJob(phase) * phase.jobs, 0);
  return phaseResult(
    label,
    jobs,
    seconds,
    phases.flatMap((phase) => phase.latencies),
    { benchMs: cpuMs((phase) => phase.benchCpuMsPerJob), serverMs: cpuMs((phase) => phase.serverCpuMsPerJob) },
  );
}

/** A phase's figures from its job count, its duration and each job's latency. */
function phaseResult(
  label: string,
  jobs: number,
  seconds: number,
  unsortedLatencies: number[],
  cpu: { benchMs: number; serverMs: number },
): PhaseResult {
  const latencies = [...unsortedLatencies].sort((a, b) => a - b);
  return {
    benchCpuMsPerJob: cpu.benchMs / jobs,
    serverCpuMsPerJob: cpu.serverMs / jobs,
    label,
    jobs,
    seconds,
    jobsPerSecond: jobs / seconds,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    latencies,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '16' },
      memory: { type: 'boolean', default: false },
      // The cost of payload encryption: run once with and once without.
      'no-encryption': { type: 'boolean', default: false },
      pairs: { type: 'string', default: '5' },
      'skip-direct': { type: 'boolean', default: false },
      // The comparison's own bias: the first stack also runs with sign-in and encryption off (ratio should be ~1).
      control: { type: 'boolean', default: false },
      // jobTypes.<T>.heartbeatTimeout for every job type of both stacks (e.g. 15s): a step lost between matching and
      // the worker is retried at that, not at its 600 s start-to-close timeout, which would measure the timeout.
      'step-heartbeat': { type: 'string' },
    },
  });
  const stepHeartbeatMs = values['step-heartbeat'] === undefined ? null : durationSchema.parse(values['step-heartbeat']);
  const withStepHeartbeat = (config: LoadedConfig): void => {
    for (const jobType of Object.values(config.jobTypes)) jobType.heartbeatTimeout = stepHeartbeatMs;
  };
  const pairs = Number(values.pairs);
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error('--pairs must be a whole number of at least 1');
  const jobs = Number(values.jobs);
  const concurrency = Number(values.concurrency);
  const control = values.control;
  const encryption = !values['no-encryption'] && !control;
  const stack = await startBenchStack({
    inMemory: values.memory,
    configure: (config) => {
      config.encryption.enabled = encryption;
      if (control) config.auth.enabled = false;
      withStepHeartbeat(config);
    },
  });
  try {
    console.log(
      `Throughput benchmark: ${jobs} BANK_STATEMENT_PROCESSING jobs per path, ${concurrency} submissions in flight, ` +
        `dev server persistence: ${persistence(values.memory)}, payload encryption ${encryption ? 'on' : 'off'}`,
    );
    console.log(machineDescription());
    if (values['skip-direct']) {
      await compareSecurity(stack, jobs, concurrency, values.memory, pairs, withStepHeartbeat, control);
      return;
    }
    await runPhase(stack, 'warm-up', 100, concurrency, (caseId) => submitDirect(stack, caseId));
    // Two rounds in the order direct, facade, facade, direct, so that neither path always runs on the fuller database.
    const half = Math.ceil(jobs / 2);
    const rounds: Array<[string, Submit]> = [
      ['direct', (caseId) => submitDirect(stack, caseId)],
      ['facade', (caseId) => submitOverHttp(stack, caseId, stack.headers)],
      ['facade', (caseId) => submitOverHttp(stack, caseId, stack.headers)],
      ['direct', (caseId) => submitDirect(stack, caseId)],
    ];
    const phases: PhaseResult[] = [];
    for (const [label, submit] of rounds) phases.push(await runPhase(stack, label, half, concurrency, submit));
    const direct = combine(
      'direct (Temporal client)',
      phases.filter((phase) => phase.label === 'direct'),
    );
    const facade = combine(
      'facade (HTTP POST /v1/jobs)',
      phases.filter((phase) => phase.label === 'facade'),
    );
    console.log('');
    for (const phase of [direct, facade]) {
      console.log(
        `${phase.label.padEnd(30)} ${phase.jobsPerSecond.toFixed(1).padStart(7)} jobs/s   ` +
          `p50 ${phase.p50Ms.toFixed(0).padStart(6)} ms   p95 ${phase.p95Ms.toFixed(0).padStart(6)} ms   ` +
          `(${phase.jobs} jobs in ${phase.seconds.toFixed(1)} s)`,
      );
    }
    console.log(`ratio facade/direct (throughput): ${(facade.jobsPerSecond / direct.jobsPerSecond).toFixed(3)}`);
    console.log(`ratio facade/direct (p95 latency): ${(facade.p95Ms / direct.p95Ms).toFixed(3)}`);
    if (encryption || control) await compareSecurity(stack, jobs, concurrency, values.memory, pairs, withStepHeartbeat, control);
    else console.log('\n(no security comparison: --no-encryption leaves nothing to compare against)');
  } finally {
    await stack.stop();
  }
}

/**
 * Sign-in and encryption on (this stack, a tenant's token) against both off (a second stack on the same server, its
 * own task queues, auth.enabled and encryption.enabled false), through the facade, in pairs of neighbouring phases
 * whose order alternates (on/off, off/on, ...), so that neither side always runs on the fuller database or the
 * busier minute. Prints each phase, each pair's ratio, their median (the figure) and the pooled ratio.
 */
async function compareSecurity(
  secure: BenchStack,
  jobs: number,
  concurrency: number,
  inMemory: boolean,
  pairs: number,
  configureBoth: (config: LoadedConfig) => void,
  /** The first stack runs with both off too: what the comparison measures when nothing differs. */
  control = false,
): Promise<void> {
  const plainStack = await startBenchStack({
    temporalAddress: secure.config.connection.address,
    inMemory,
    env: { TASKMASTER_TASK_QUEUE_PREFIX: `bench-${process.pid}-plain` },
    configure: (config) => {
      config.encryption.enabled = false;
      config.auth.enabled = false;
      configureBoth(config);
    },
  });
  // The same server: its CPU per job is read for both sides.
  const plain: BenchStack = { ...plainStack, serverPid: secure.serverPid };
  try {
    const perPhase = Math.max(1, Math.ceil(jobs / (2 * pairs)));
    console.log(
      `\nSign-in and encryption on (tenant token, tenant data key) against both off, through the facade: ` +
        `${pairs} pairs of phases, ${perPhase} jobs each`,
    );
    if (control) console.log('  CONTROL RUN: the "on" stack has sign-in and encryption off too (its own stack, started first)');
    const secureHeaders = control ? secure.headers : secure.tenantHeaders;
    await runPhase(secure, 'warm-up secure', 50, concurrency, (caseId) => submitOverHttp(secure, caseId, secureHeaders));
    await runPhase(plain, 'warm-up plain', 50, concurrency, (caseId) => submitOverHttp(plain, caseId, plain.headers));
    const on = (): Promise<PhaseResult> =>
      runPhase(secure, 'secure', perPhase, concurrency, (caseId) => submitOverHttp(secure, caseId, secureHeaders));
    const off = (): Promise<PhaseResult> =>
      runPhase(plain, 'plain', perPhase, concurrency, (caseId) => submitOverHttp(plain, caseId, plain.headers));
    const onPhases: PhaseResult[] = [];
    const offPhases: PhaseResult[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const onFirst = pair % 2 === 0;
      const first = await (onFirst ? on() : off());
      const second = await (onFirst ? off() : on());
      const [onPhase, offPhase] = onFirst ? [first, second] : [second, first];
      onPhases.push(onPhase);
      offPhases.push(offPhase);
      ratios.push(onPhase.jobsPerSecond / offPhase.jobsPerSecond);
      console.log(
        `  pair ${pair + 1} (${onFirst ? 'on, off' : 'off, on'}): on ${onPhase.jobsPerSecond.toFixed(1)} jobs/s, ` +
          `off ${offPhase.jobsPerSecond.toFixed(1)} jobs/s, ratio ${ratios[pair]!.toFixed(3)}`,
      );
    }
    const onAll = combine('auth + encryption on', onPhases);
    const offAll = combine('auth + encryption off', offPhases);
    console.log('');
    for (const phase of [onAll, offAll]) {
      console.log(
        `${phase.label.padEnd(30)} ${phase.jobsPerSecond.toFixed(1).padStart(7)} jobs/s   ` +
          `p50 ${phase.p50Ms.toFixed(0).padStart(6)} ms   p95 ${phase.p95Ms.toFixed(0).padStart(6)} ms   ` +
          `(${phase.jobs} jobs in ${phase.seconds.toFixed(1)} s); CPU per job: this process ` +
          `${phase.benchCpuMsPerJob.toFixed(1)} ms, Temporal server ${phase.serverCpuMsPerJob.toFixed(1)} ms`,
      );
    }
    const median = medianOf(ratios);
    console.log(`pair ratios on/off: ${ratios.map((ratio) => ratio.toFixed(3)).join(', ')}`);
    const verdict = median >= 0.95 ? 'met' : 'NOT met';
    console.log(`ratio on/off (throughput, median of ${pairs} pairs): ${median.toFixed(3)} (target >= 0.95: ${verdict})`);
    console.log(`ratio on/off (throughput, pooled): ${(onAll.jobsPerSecond / offAll.jobsPerSecond).toFixed(3)}`);
    console.log(`ratio on/off (p95 latency, pooled): ${(onAll.p95Ms / offAll.p95Ms).toFixed(3)}`);
  } finally {
    await plain.stop();
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type Submit = (caseId: string) => Promise<string>;

async function runPhase(stack: BenchStack, label: string, jobs: number, concurrency: number, submit: Submit): Promise<PhaseResult> {
  const caseId = `bench-${label.split(' ')[0]}-${Date.now()}`;
  const submittedAt = new Map<string, number>();
  const started = Date.now();
  const benchCpuBefore = process.cpuUsage();
  const serverCpuBefore = processCpuMs(stack.serverPid);
  await withConcurrency(jobs, concurrency, async () => {
    const before = Date.now();
    const workflowId = await submit(caseId);
    submittedAt.set(workflowId, before);
  });
  const closeTimes = await waitForCompletion(stack, caseId, jobs);
  const latencies = [...closeTimes].map(([workflowId, closed]) => closed - (submittedAt.get(workflowId) ?? started));
  const lastClose = Math.max(...closeTimes.values());
  const seconds = (lastClose - started) / 1000;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpu = { benchMs: (benchCpu.user + benchCpu.system) / 1000, serverMs: processCpuMs(stack.serverPid) - serverCpuBefore };
  const result = phaseResult(label, jobs, seconds, latencies, cpu);
  console.log(
    `  ${label}: ${jobs} jobs completed in ${seconds.toFixed(1)} s (${(jobs / seconds).toFixed(1)} jobs/s); ` +
      `CPU per job: this process ${result.benchCpuMsPerJob.toFixed(1)} ms, Temporal server ${result.serverCpuMsPerJob.toFixed(1)} ms`,
  );
  return result;
}

/** Waits until visibility shows every job of the phase COMPLETED, then reads their close times. */
async function waitForCompletion(stack: BenchStack, caseId: string, jobs: number): Promise<Map<string, number>> {
  // Visibility shares the dev server's single SQLite connection with the workload, so poll it sparingly; the
  // figures come from the close times recorded by the server, not from when this loop notices.
  for (;;) {
    const { completed, failed } = await caseCompletion(stack.client, caseId);
    if (completed >= jobs) break;
    if (failed > 0) throw new Error(`${failed} jobs of ${caseId} did not complete`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const closeTimes = new Map<string, number>();
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.client.workflowService.listWorkflowExecutions({
      namespace: stack.client.options.namespace,
      query: VisibilityQuery.all().equals('WorkflowType', jobWorkflowType).equals(CaseIdAttribute, caseId).toString(),
      pageSize: 1000,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    for (const raw of page.executions ?? []) {
      const info = await executionInfoFromRaw(raw, stack.client.options.loadedDataConverter, raw, stack.client.options.namespace);
      if (info.closeTime) closeTimes.set(info.workflowId, info.closeTime.getTime());
    }
    nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return closeTimes;
}

/** The very workflow start the facade makes for the same request (route, SLA timers, fairness, search attributes). */
async function submitDirect(stack: BenchStack, caseId: string): Promise<string> {
  const { options } = jobStart(
    stack.config,
    { type: 'BANK_STATEMENT_PROCESSING', priority: 'NORMAL', caseId, data },
    newJobId(),
    new Date(),
  );
  const handle = await stack.client.workflow.start(jobWorkflowType, { ...options, requestEagerStart: true });
  return handle.workflowId;
}

async function submitOverHttp(stack: BenchStack, caseId: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ type: 'BANK_STATEMENT_PROCESSING', priority: 'NORMAL', caseId, data }),
  });
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { workflowId: string }).workflowId;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
