import { CancellationScope, isCancellation, log, patched, sleep } from '@temporalio/workflow';
import type { JobSla } from '../src/contracts/job-workflow';
import type { SlaEvent } from '../src/contracts/sla-alert';
import { handOffSlaAlert, handOffSlaAlerts, sendSlaAlertInline, type AlertSubject } from './sla-alerts';

export interface SlaHooks {
  /** Records that the work is at risk; returns what is done about it, for the alert. */
  onWarning(): string;
  /** Records the breach and escalates; returns what is done about it, for the alert. */
  onBreach(): string;
}

export interface SlaWatch {
  /** Resolves at the breach; never resolves if the work finished first. */
  readonly breached: Promise<void>;
  isBreached(): boolean;
  /** Whether a step cancelled for escalation is waited for (false only for runs from before the patch). */
  readonly waitsForStepCancellation: boolean;
  /** Stops the timers once the work is done. */
  stop(): void;
  /** Resolves once every alert raised so far is in the hands of its delivery workflow: await it before closing. */
  alertsHandedOff(): Promise<void>;
}

/**
 * Runs started before this patch sent each alert as their own activity and awaited it before the next timer and
 * before escalating, so a slow or unreachable webhook delayed the breach and the escalation, and an alert still
 * being retried was lost when the work finished. They also took the escalation's cancellation of a step as done at
 * once, so a step that had already started ran a second time (see runStepWithEscalation).
 */
const alertsBesideTimersPatch = 'sla-alerts-beside-timers';

/**
 * Runs started before this patch handed a warning and a breach that fell due together (the warning time past when
 * the deadline came, or both at one instant) to two alert workflows. Since the patch they go to one, which delivers
 * both alerts: 1,000 deadlines in one second start 1,000 children instead of 2,000.
 */
const warningWithBreachPatch = 'sla-warning-with-breach';

const never = new Promise<void>(() => undefined);

/**
 * Durable SLA timers: a warning at the warning time and a breach at the deadline, each raising its alert once. They
 * are workflow timers, so they survive worker restarts and replay without firing twice.
 */
export function watchSla(sla: JobSla | undefined, subject: AlertSubject, hooks: SlaHooks): SlaWatch {
  if (!sla)
    return {
      breached: never,
      isBreached: () => false,
      waitsForStepCancellation: false,
      stop: () => undefined,
      alertsHandedOff: () => Promise.resolve(),
    };
  const alertsBesideTimers = patched(alertsBesideTimersPatch);
  let breached = false;
  let markBreached: () => void = () => undefined;
  const breach = new Promise<void>((resolve) => (markBreached = resolve));
  const handOffs: Array<Promise<void>> = [];
  const raise = (event: SlaEvent, hook: () => string): Promise<void> => {
    // Not cancellable: stopping the timers must not take back an alert already raised.
    const alert = CancellationScope.nonCancellable(async () => {
      const action = hook();
      await (alertsBesideTimers ? handOffSlaAlert : sendSlaAlertInline)(subject, event, action);
    });
    if (!alertsBesideTimers) return alert;
    handOffs.push(alert);
    return Promise.resolve();
  };
  const scope = new CancellationScope();
  scope
    .run(async () => {
      const warningAt = Date.parse(sla.warningAt);
      const deadline = Date.parse(sla.deadline);
      if (warningAt > Date.now()) await sleep(warningAt - Date.now(), { summary: 'SLA warning' });
      if (alertsBesideTimers && deadline <= Date.now() && patched(warningWithBreachPatch)) {
        breached = true;
        markBreached();
        handOffs.push(
          CancellationScope.nonCancellable(() =>
            handOffSlaAlerts(subject, [
              { event: 'SLA_WARNING', action: hooks.onWarning() },
              { event: 'SLA_BREACH', action: hooks.onBreach() },
            ]),
          ),
        );
        return;
      }
      await raise('SLA_WARNING', () => hooks.onWarning());
      if (deadline > Date.now()) await sleep(deadline - Date.now(), { summary: 'SLA deadline' });
      breached = true;
      if (alertsBesideTimers) markBreached();
      await raise('SLA_BREACH', () => hooks.onBreach());
      markBreached();
    })
    .catch((error: unknown) => {
      if (!isCancellation(error)) log.error('SLA watch failed', { error: (error as Error).message });
    });
  return {
    breached: breach,
    isBreached: () => breached,
    waitsForStepCancellation: alertsBesideTimers,
    stop: () => scope.cancel(),
    alertsHandedOff: async () => {
      await Promise.all(handOffs);
    },
  };
}
