/**
 * `npm run bench:cluster` (root): the same throughput run on the dev server and on the local cluster (PostgreSQL,
 * four services with mTLS, 4 history shards), in one run, with what each job costs the Temporal server in CPU time:
 * the figure docs/benchmarks.md uses to explain how throughput grows with shards, partitions and hosts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { LocalCluster } from '../../deploy/local-cluster/local-cluster';
import { writeTaskmasterConfig } from '../../deploy/local-cluster/taskmaster-config';
import { projectRoot } from '../../src/project-root';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';
import { caseCompletion, machineDescription, startBenchStack, withConcurrency, type BenchStack } from './bench-stack';

const data = {
  statement: [
    { id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' },
    { id: 'S2', date: '2026-03-03', amount: 80, description: 'bank fee' },
  ],
  ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
};

interface RunResult {
  label: string;
  jobsPerSecond: number;
  serverCpuMsPerJob: number;
}

/** User and system CPU time of the processes, in ms (Linux clock ticks are 10 ms). */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks * 10;
}

async function run(label: string, stack: BenchStack, serverPids: () => number[], jobs: number, concurrency: number): Promise<RunResult> {
  const submit = async (caseId: string): Promise<void> => {
    const response = await fetch(`${stack.apiUrl}/v1/jobs`, {
      method: 'POST',
      headers: stack.headers,
      body: JSON.stringify({ type: 'BANK_STATEMENT_PROCESSING', priority: 'NORMAL', caseId, data }),
    });
    if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  };
  const phase = async (caseId: string, count: number): Promise<number> => {
    const started = Date.now();
    await withConcurrency(count, concurrency, () => submit(caseId));
    for (;;) {
      const { completed, failed } = await caseCompletion(stack.client, caseId);
      if (failed > 0) throw new Error(`${failed} jobs of ${caseId} failed`);
      if (completed >= count) return (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const slug = label.replace(/\W+/g, '-');
  await phase(`bench-cluster-warmup-${slug}-${Date.now()}`, 50);
  const cpuBefore = cpuMs(serverPids());
  const seconds = await phase(`bench-cluster-${slug}-${Date.now()}`, jobs);
  const serverCpu = cpuMs(serverPids()) - cpuBefore;
  const result = { label, jobsPerSecond: jobs / seconds, serverCpuMsPerJob: serverCpu / jobs };
  console.log(
    `  ${label.padEnd(12)} ${result.jobsPerSecond.toFixed(1).padStart(6)} jobs/s   ` +
      `Temporal server CPU ${result.serverCpuMsPerJob.toFixed(1)} ms per job (${jobs} jobs in ${seconds.toFixed(1)} s)`,
  );
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { jobs: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '16' } } });
  const jobs = Number(values.jobs);
  const concurrency = Number(values.concurrency);
  console.log(`Cluster throughput: ${jobs} BANK_STATEMENT_PROCESSING jobs over HTTP per server, ${concurrency} in flight`);
  console.log(machineDescription());

  const devStack = await startBenchStack();
  let dev: RunResult;
  try {
    dev = await run('dev server', devStack, () => (devStack.serverPid === undefined ? [] : [devStack.serverPid]), jobs, concurrency);
  } finally {
    await devStack.stop();
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-bench-cluster-'));
  const cluster = await LocalCluster.open({ dir, id: 'bn', subnet: '10.213.88', workerHostCount: 1 });
  try {
    await cluster.up();
    const configFile = path.join(dir, 'taskmaster.yaml');
    await writeTaskmasterConfig(cluster, path.join(projectRoot, 'temporal.yaml'), configFile);
    const connection = await cluster.connect();
    await ensureSearchAttributes(new Client({ connection }));
    await connection.close();
    process.env.TASKMASTER_CONFIG = configFile;
    process.env.TEMPORAL_ADDRESS = cluster.frontendAddress;
    const clusterStack = await startBenchStack();
    try {
      const onCluster = await run('cluster', clusterStack, () => cluster.servicePids(), jobs, concurrency);
      console.log('');
      console.log(`ratio cluster/dev server (throughput): ${(onCluster.jobsPerSecond / dev.jobsPerSecond).toFixed(3)}`);
      console.log(`ratio cluster/dev server (server CPU per job): ${(onCluster.serverCpuMsPerJob / dev.serverCpuMsPerJob).toFixed(3)}`);
    } finally {
      await clusterStack.stop();
    }
  } finally {
    await cluster.down();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
