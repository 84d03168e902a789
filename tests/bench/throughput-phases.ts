/**
 * The phases of bench:throughput: N jobs submitted with at most C in flight, timed from the first submission to the
 * last close the server recorded, with the CPU the measuring process and the Temporal server spent per job.
 */
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { CaseIdAttribute } from '../../src/contracts/search-attributes';
import { jobStart } from '../../src/jobs/job-start';
import { newJobId } from '../../src/jobs/request-fingerprint';
import { VisibilityQuery } from '../../src/temporal/visibility-query';
import { caseCompletion, percentile, withConcurrency, type BenchStack } from './bench-stack';
import { processCpuMs } from './process-cpu';

const data = {
  statement: [
    { id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' },
    { id: 'S2', date: '2026-03-03', amount: 80, description: 'bank fee' },
  ],
  ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
};

export interface PhaseResult {
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

export function combine(label: string, phases: PhaseResult[]): PhaseResult {
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
export function phaseResult(
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

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export type Submit = (caseId: string) => Promise<string>;

export async function runPhase(stack: BenchStack, label: string, jobs: number, concurrency: number, submit: Submit): Promise<PhaseResult> {
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
export async function submitDirect(stack: BenchStack, caseId: string): Promise<string> {
  const { options } = jobStart(
    stack.config,
    { type: 'BANK_STATEMENT_PROCESSING', priority: 'NORMAL', caseId, data },
    newJobId(),
    new Date(),
  );
  const handle = await stack.client.workflow.start(jobWorkflowType, { ...options, requestEagerStart: true });
  return handle.workflowId;
}

export async function submitOverHttp(stack: BenchStack, caseId: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ type: 'BANK_STATEMENT_PROCESSING', priority: 'NORMAL', caseId, data }),
  });
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { workflowId: string }).workflowId;
}
