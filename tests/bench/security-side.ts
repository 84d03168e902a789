/**
 * One side of bench:throughput's sign-in and encryption comparison, in a process of its own (forked by
 * security-comparison.ts): a stack with both on or both off against the parent's Temporal server, running the
 * phases the parent asks for over IPC. Each side in its own process, so that neither side's phases share an event
 * loop, a core Runtime or a garbage collector with the other side's idle stack.
 */
import { parseArgs } from 'node:util';
import { durationSchema } from '../../src/config/duration';
import { startBenchStack, type BenchStack } from './bench-stack';
import { runPhase, submitOverHttp, type PhaseResult } from './throughput-phases';

export interface PhaseRequest {
  label: string;
  jobs: number;
  concurrency: number;
}

export type SideMessage = { ready: true } | { result: PhaseResult } | { error: string };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      side: { type: 'string' },
      address: { type: 'string' },
      'server-pid': { type: 'string' },
      prefix: { type: 'string' },
      'step-heartbeat': { type: 'string' },
    },
  });
  const on = values.side === 'on';
  if (!on && values.side !== 'off') throw new Error('--side must be on or off');
  if (!values.address || !values.prefix) throw new Error('--address and --prefix are required');
  const stepHeartbeatMs = values['step-heartbeat'] === undefined ? undefined : durationSchema.parse(values['step-heartbeat']);
  const started = await startBenchStack({
    temporalAddress: values.address,
    env: { TASKMASTER_TASK_QUEUE_PREFIX: values.prefix },
    configure: (config) => {
      config.encryption.enabled = on;
      config.auth.enabled = on;
      if (stepHeartbeatMs !== undefined) for (const jobType of Object.values(config.jobTypes)) jobType.heartbeatTimeout = stepHeartbeatMs;
    },
  });
  // The parent's server: its CPU per job is read here, around this side's phases.
  const stack: BenchStack = { ...started, serverPid: values['server-pid'] ? Number(values['server-pid']) : undefined };
  // On: a tenant's investigator token, so that the tenant's data key encrypts; off: every caller is an admin.
  const headers = on ? stack.tenantHeaders : stack.headers;
  const send = (message: SideMessage): void => {
    process.send?.(message);
  };
  process.on('message', (request: PhaseRequest | { stop: true }) => {
    if ('stop' in request) {
      void stack.stop().finally(() => process.exit(0));
      return;
    }
    runPhase(stack, request.label, request.jobs, request.concurrency, (caseId) => submitOverHttp(stack, caseId, headers)).then(
      (result) => send({ result }),
      (error: unknown) => send({ error: String(error) }),
    );
  });
  send({ ready: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
