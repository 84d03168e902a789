/**
 * `npm run bench:throughput [-- --jobs 1000 --concurrency 16 --memory]`: N single-step jobs through the HTTP facade and N
 * started directly with the Temporal client, against the same server in one run. Prints jobs per second end to
 * end (first submission to last COMPLETED), p50/p95 latency (submission to close) and the ratio facade/direct.
 * Then, on the same server, N jobs through a facade with sign-in and payload encryption on (a tenant's token, so
 * the tenant's data key) against N through a facade with both off, each in a child process of its own, in pairs of
 * phases (on/off, then off/on, ...): the machine is shared and its load drifts, so each pair's ratio compares two
 * neighbouring phases, and the median of the pairs' ratios is the figure (target >= 0.95); security-comparison.ts.
 * `--pairs 6` (default: as many pairs of each order), `--skip-direct` runs only the security comparison,
 * `--control` runs it with both off on both sides (what the comparison reads when nothing differs).
 */
import { parseArgs } from 'node:util';
import { durationSchema } from '../../src/config/duration';
import type { LoadedConfig } from '../../src/config/load-config';
import { machineDescription, persistence, startBenchStack } from './bench-stack';
import { compareSecurity } from './security-comparison';
import { combine, runPhase, submitDirect, submitOverHttp, type PhaseResult, type Submit } from './throughput-phases';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '16' },
      memory: { type: 'boolean', default: false },
      // The cost of payload encryption: run once with and once without.
      'no-encryption': { type: 'boolean', default: false },
      pairs: { type: 'string', default: '6' },
      'skip-direct': { type: 'boolean', default: false },
      // The security comparison's own bias: both sides with sign-in and encryption off (the ratio should be about 1).
      control: { type: 'boolean', default: false },
      // jobTypes.<T>.heartbeatTimeout for every job type of both stacks (e.g. 15s): a step lost between matching and
      // the worker is retried at that, not at its 600 s start-to-close timeout, which would measure the timeout.
      'step-heartbeat': { type: 'string' },
    },
  });
  const stepHeartbeat = values['step-heartbeat'];
  const stepHeartbeatMs = stepHeartbeat === undefined ? null : durationSchema.parse(stepHeartbeat);
  const withStepHeartbeat = (config: LoadedConfig): void => {
    for (const jobType of Object.values(config.jobTypes)) jobType.heartbeatTimeout = stepHeartbeatMs;
  };
  const pairs = Number(values.pairs);
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error('--pairs must be a whole number of at least 1');
  const jobs = Number(values.jobs);
  const concurrency = Number(values.concurrency);
  const control = values.control;
  const encryption = !values['no-encryption'];
  const stack = await startBenchStack({
    inMemory: values.memory,
    configure: (config) => {
      config.encryption.enabled = encryption;
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
      await compareSecurity(stack, { jobs, concurrency, pairs, stepHeartbeat, control });
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
    if (encryption) await compareSecurity(stack, { jobs, concurrency, pairs, stepHeartbeat, control });
    else console.log('\n(no security comparison: --no-encryption leaves nothing to compare against)');
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
