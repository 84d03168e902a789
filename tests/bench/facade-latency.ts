/**
 * `npm run bench:facade [-- --requests 200 --in-process]`: latency of `GET /healthz` and `GET /v1/jobs/:id` (p50,
 * p99, max over sequential requests), first with the agents idle, then while a CPU-heavy COMPLIANCE_MONITORING job
 * (2,000 counterparties against 5,000 watch-list names) runs, against a stack run the way `npm start` runs it: the
 * facade and the workflow worker in this process, the agents in supervised child processes. `--in-process` runs
 * the agents in the facade's process instead (the model before), as a control. Prints the figures and the ratios
 * loaded/idle; the target is /healthz p99 < 100 ms under agent load.
 */
import { parseArgs } from 'node:util';
import { heavyComplianceJob } from '../integration/harness/heavy-compliance-job';
import { percentileOf, pidOfWorkerIdentity, sequentialLatencies } from '../integration/harness/latency';
import { machineDescription, persistence, startBenchStack, type BenchStack } from './bench-stack';

interface Figures {
  label: string;
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

const figures = (label: string, samples: number[]): Figures => ({
  label,
  samples: samples.length,
  p50: percentileOf(samples, 0.5),
  p99: percentileOf(samples, 0.99),
  max: Math.max(...samples),
});

const smallJob = {
  type: 'BANK_STATEMENT_PROCESSING',
  caseId: 'CASE-BENCH-FACADE',
  data: {
    statement: [{ id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' }],
    ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
  },
};

async function submit(stack: BenchStack, body: object): Promise<{ jobId: string; workflowId: string }> {
  const response = await fetch(`${stack.apiUrl}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { jobId: string; workflowId: string };
}

async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Alternates the two requests `requests` times each, while keepGoing() holds. */
async function measure(stack: BenchStack, jobId: string, requests: number, keepGoing: () => boolean = () => true) {
  const health: number[] = [];
  const job: number[] = [];
  for (let i = 0; i < requests && keepGoing(); i++) {
    health.push(...(await sequentialLatencies(`${stack.apiUrl}/healthz`, 1)));
    job.push(...(await sequentialLatencies(`${stack.apiUrl}/v1/jobs/${jobId}`, 1)));
  }
  return { health, job };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '200' }, 'in-process': { type: 'boolean', default: false } },
  });
  const requests = Number(values.requests);
  const inProcess = values['in-process'];
  const stack = await startBenchStack({ agentProcesses: !inProcess, workerAgents: ['reconciliation', 'compliance'] });
  try {
    const where = inProcess ? 'IN the facade process (control)' : 'in child processes (npm start)';
    console.log(
      `Facade latency benchmark: ${requests} sequential requests each of GET /healthz and GET /v1/jobs/:id, idle and under ` +
        `one COMPLIANCE_MONITORING job of 2,000 x 5,000 names; agents ${where}; dev server persistence: ${persistence(false)}`,
    );
    console.log(machineDescription());
    const small = await submit(stack, smallJob);
    await waitFor(
      async () => ((await stack.client.workflow.getHandle(small.workflowId).describe()).status.name === 'COMPLETED' ? true : undefined),
      'small job',
    );
    await measure(stack, small.jobId, 20); // warm-up
    const idle = await measure(stack, small.jobId, requests);

    // Measure from the submission on, until the job closes: waiting first for its step to start would, with the
    // agents in this process, wait out the very stall the control is there to show.
    const heavy = await submit(stack, heavyComplianceJob());
    const handle = stack.client.workflow.getHandle(heavy.workflowId);
    const submittedAt = Date.now();
    let running = true;
    const closed = handle.result().finally(() => {
      running = false;
    });
    // Which process ran the step, from its worker's identity (null when the step was over before a describe saw it).
    const worker = waitFor(async () => {
      if (!running) return null;
      const pending = (await handle.describe()).raw.pendingActivities?.[0];
      return pending?.lastStartedTime ? pending.lastWorkerIdentity : undefined;
    }, 'heavy job step started').catch(() => null);
    const loaded = await measure(stack, small.jobId, requests, () => running);
    const samplesUnderLoad = loaded.health.length;
    await closed;
    const workerPid = pidOfWorkerIdentity(await worker);
    const jobSeconds = (Date.now() - submittedAt) / 1000;

    const rows = [
      figures('/healthz idle', idle.health),
      figures('/healthz under agent load', loaded.health),
      figures('GET /v1/jobs/:id idle', idle.job),
      figures('GET /v1/jobs/:id under agent load', loaded.job),
    ];
    console.log('');
    for (const row of rows) {
      console.log(
        `${row.label.padEnd(36)} p50 ${row.p50.toFixed(1).padStart(7)} ms   p99 ${row.p99.toFixed(1).padStart(7)} ms   ` +
          `max ${row.max.toFixed(1).padStart(7)} ms   (${row.samples} requests)`,
      );
    }
    const [healthIdle, healthLoaded, jobIdle, jobLoaded] = rows as [Figures, Figures, Figures, Figures];
    const ratios = (loadedRow: Figures, idleRow: Figures): string =>
      `p50 ${(loadedRow.p50 / idleRow.p50).toFixed(2)}   p99 ${(loadedRow.p99 / idleRow.p99).toFixed(2)}`;
    console.log(`ratio loaded/idle /healthz:         ${ratios(healthLoaded, healthIdle)}`);
    console.log(`ratio loaded/idle GET /v1/jobs/:id: ${ratios(jobLoaded, jobIdle)}`);
    console.log(
      `the heavy job ran ${jobSeconds.toFixed(1)} s (submit to close) in pid ${workerPid ?? 'unknown'}; ` +
        `the facade is pid ${process.pid}; ${samplesUnderLoad} request pairs were measured while it ran`,
    );
    console.log(
      `target /healthz p99 < 100 ms under agent load: ${healthLoaded.p99 < 100 ? 'met' : 'NOT met'} (${healthLoaded.p99.toFixed(1)} ms)`,
    );
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
