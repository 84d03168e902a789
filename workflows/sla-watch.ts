import { CancellationScope, isCancellation, log, sleep } from '@temporalio/workflow';
import type { JobSla } from '../src/contracts/job-workflow';

export interface SlaHooks {
  onWarning(): Promise<void>;
  onBreach(): Promise<void>;
}

export interface SlaWatch {
  /** Resolves at the breach, after its hook ran; never resolves if the work finished first. */
  readonly breached: Promise<void>;
  isBreached(): boolean;
  /** Stops the timers once the work is done. */
  stop(): void;
}

const never = new Promise<void>(() => undefined);

/**
 * Durable SLA timers: a warning at the warning time and a breach at the deadline, each firing its hook once. They
 * are workflow timers, so they survive worker restarts and replay without firing twice.
 */
export function watchSla(sla: JobSla | undefined, hooks: SlaHooks): SlaWatch {
  if (!sla) return { breached: never, isBreached: () => false, stop: () => undefined };
  let breached = false;
  let markBreached: () => void = () => undefined;
  const breach = new Promise<void>((resolve) => (markBreached = resolve));
  const scope = new CancellationScope();
  scope
    .run(async () => {
      const warningAt = Date.parse(sla.warningAt);
      const deadline = Date.parse(sla.deadline);
      if (warningAt > Date.now()) await sleep(warningAt - Date.now(), { summary: 'SLA warning' });
      await CancellationScope.nonCancellable(() => hooks.onWarning());
      if (deadline > Date.now()) await sleep(deadline - Date.now(), { summary: 'SLA deadline' });
      breached = true;
      await CancellationScope.nonCancellable(() => hooks.onBreach());
      markBreached();
    })
    .catch((error: unknown) => {
      if (!isCancellation(error)) log.error('SLA watch failed', { error: (error as Error).message });
    });
  return { breached: breach, isBreached: () => breached, stop: () => scope.cancel() };
}
