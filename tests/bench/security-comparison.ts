/**
 * bench:throughput's second comparison: jobs through a facade with sign-in and payload encryption on (a tenant's
 * token, so the tenant's data key) against jobs through a facade with both off, each side a stack in a child
 * process of its own (security-side.ts) on the parent's Temporal server, own task queues and workers. In pairs of
 * neighbouring phases whose order alternates (on/off, off/on, ...), so that neither side always runs on the fuller
 * database or the busier minute; the median of the pairs' ratios is the figure (target >= 0.95), the pooled ratio
 * beside it. `control`: both sides off, to read what the comparison gives when nothing differs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BenchStack } from './bench-stack';
import type { PhaseRequest, SideMessage } from './security-side';
import { combine, medianOf, type PhaseResult } from './throughput-phases';

interface Side {
  run(label: string, jobs: number, concurrency: number): Promise<PhaseResult>;
  stop(): Promise<void>;
}

async function startSide(server: BenchStack, side: 'on' | 'off', prefix: string, stepHeartbeat: string | undefined): Promise<Side> {
  const args = ['--side', side, '--address', server.config.connection.address, '--prefix', prefix];
  if (server.serverPid !== undefined) args.push('--server-pid', String(server.serverPid));
  if (stepHeartbeat !== undefined) args.push('--step-heartbeat', stepHeartbeat);
  const child: ChildProcess = fork(path.join(__dirname, 'security-side.ts'), args, { execArgv: ['--import', 'tsx'] });
  const next = (): Promise<SideMessage> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the ${side} side exited (code ${code})`));
      child.once('exit', onExit);
      child.once('message', (message: SideMessage) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const ready = await next();
  if (!('ready' in ready)) throw new Error(`the ${side} side did not start: ${'error' in ready ? ready.error : 'no answer'}`);
  return {
    async run(label, jobs, concurrency) {
      const request: PhaseRequest = { label, jobs, concurrency };
      const answer = next();
      child.send(request);
      const message = await answer;
      if ('result' in message) return message.result;
      throw new Error(`the ${side} side's phase ${label} failed: ${'error' in message ? message.error : 'no result'}`);
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  };
}

export async function compareSecurity(
  server: BenchStack,
  options: { jobs: number; concurrency: number; pairs: number; stepHeartbeat: string | undefined; control: boolean },
): Promise<void> {
  const { jobs, concurrency, pairs, stepHeartbeat, control } = options;
  const secure = await startSide(server, control ? 'off' : 'on', `bench-${process.pid}-on`, stepHeartbeat);
  const plain = await startSide(server, 'off', `bench-${process.pid}-off`, stepHeartbeat);
  try {
    const perPhase = Math.max(1, Math.ceil(jobs / (2 * pairs)));
    console.log(
      `\nSign-in and encryption on (tenant token, tenant data key) against both off, through the facade, each side a ` +
        `process of its own: ${pairs} pairs of phases, ${perPhase} jobs each`,
    );
    if (control) console.log('  CONTROL RUN: the "on" side has sign-in and encryption off too');
    await secure.run('warm-up on', 50, concurrency);
    await plain.run('warm-up off', 50, concurrency);
    const onPhases: PhaseResult[] = [];
    const offPhases: PhaseResult[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const onFirst = pair % 2 === 0;
      const first = await (onFirst ? secure : plain).run(onFirst ? 'on' : 'off', perPhase, concurrency);
      const second = await (onFirst ? plain : secure).run(onFirst ? 'off' : 'on', perPhase, concurrency);
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
          `(${phase.jobs} jobs in ${phase.seconds.toFixed(1)} s); CPU per job: its process ` +
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
    await Promise.all([secure.stop(), plain.stop()]);
  }
}
