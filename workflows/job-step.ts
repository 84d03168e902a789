import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { JobRoute, JobWorkflowInput } from '../src/contracts/job-workflow';
import { activityRetryPolicy } from '../src/contracts/retry-policy';
import { FailureType } from '../src/errors/failure-types';
import type { StepContext } from '../src/contracts/step-context';
import type { SlaWatch } from './sla-watch';
import { stepContextArgs } from './step-context';

type AgentAction = (data: unknown, ...context: [] | [StepContext]) => Promise<unknown>;

/**
 * Runs started before this patch told a breach at priority key 1 (CRITICAL) that it escalated "to priority key 1".
 * The text goes into the breach alert's workflow input, so those runs keep it on replay.
 */
export const topPriorityBreachActionPatch = 'sla-breach-action-at-top-priority';

/** What a breach does to the steps still to run, for the alert: escalate them, or nothing when already at key 1. */
export function escalationAction(fromKey: number, toKey: number): string {
  if (toKey === fromKey && patched(topPriorityBreachActionPatch)) {
    return `none: the steps still to run are already at the highest priority (key ${toKey})`;
  }
  return `escalate the steps still to run to priority key ${toKey}`;
}

/** One class up: priority key 3 (NORMAL) becomes 2 (HIGH); 1 stays 1. */
export const escalatedPriorityKey = (priorityKey: number): number => Math.max(1, priorityKey - 1);

function stepOptions(
  route: JobRoute,
  priorityKey: number,
  fairness: JobWorkflowInput['fairness'],
  escalated: boolean,
  cancellationType: ActivityCancellationType,
): ActivityOptions {
  return {
    taskQueue: route.taskQueue,
    cancellationType,
    startToCloseTimeout: route.startToCloseTimeoutMs,
    ...(route.heartbeatTimeoutMs === undefined ? {} : { heartbeatTimeout: route.heartbeatTimeoutMs }),
    priority: { priorityKey, ...(fairness ? { fairnessKey: fairness.key, fairnessWeight: fairness.weight } : {}) },
    summary: `${route.action} (${route.agent})${escalated ? ` · escalated to priority ${priorityKey}` : ''}`,
    retry: activityRetryPolicy(route.retry, route.retry.nonRetryableErrorTypes),
  };
}

function scheduleStep(
  input: JobWorkflowInput,
  priorityKey: number,
  escalated: boolean,
  cancellationType: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL,
): Promise<unknown> {
  const agent = proxyActivities<Record<string, AgentAction>>(
    stepOptions(input.route, priorityKey, input.fairness, escalated, cancellationType),
  );
  const step = agent[input.route.action];
  if (!step) throw ApplicationFailure.nonRetryable(`no action ${input.route.action}`, FailureType.InvalidWorkflowInput);
  return step(input.data, ...stepContextArgs(input.submittedAt));
}

/**
 * Runs the job's step. If the SLA is breached while the step still waits in its queue, the step is moved up one
 * priority class: it is cancelled (which succeeds at once for a task nobody has started) and scheduled again at
 * the higher key. A step already running keeps running: the cancellation waits for the server's answer, and for a
 * started step that answer is its own result. (Runs from before the sla-alerts-beside-timers patch took any
 * cancellation as done, so a step that had started ran a second time.) The SLA never kills a step unless the
 * class says `onBreach: cancel`. Cancelling the job itself never waits.
 */
export async function runStepWithEscalation(
  input: JobWorkflowInput,
  sla: SlaWatch,
  onEscalate: (priorityKey: number) => void,
): Promise<unknown> {
  const priorityKey = input.route.priorityKey;
  const waitsForCancellation = sla.waitsForStepCancellation;
  const jobCancelled = CancellationScope.current().cancelRequested;
  // With WAIT_CANCELLATION_COMPLETED the step only settles once the server answers; the job's own cancellation
  // must not wait for that.
  const orJobCancelled = <T>(work: Promise<T>): Promise<T> => (waitsForCancellation ? Promise.race([work, jobCancelled]) : work);
  const scope = new CancellationScope();
  const first = scope.run(() =>
    scheduleStep(
      input,
      priorityKey,
      false,
      waitsForCancellation ? ActivityCancellationType.WAIT_CANCELLATION_COMPLETED : ActivityCancellationType.TRY_CANCEL,
    ),
  );
  const winner = await orJobCancelled(
    Promise.race([
      first.then(
        () => 'settled' as const,
        () => 'settled' as const,
      ),
      sla.breached.then(() => 'breached' as const),
    ]),
  );
  if (winner === 'settled') return first;

  if (input.sla?.onBreach === 'cancel') {
    scope.cancel();
    if (!waitsForCancellation) await first.catch(() => undefined);
    throw ApplicationFailure.create({
      type: FailureType.SlaBreached,
      message: `canceled: the ${input.priority} SLA was breached at ${input.sla.deadline} (onBreach: cancel)`,
      nonRetryable: true,
    });
  }
  const escalated = escalatedPriorityKey(priorityKey);
  if (escalated === priorityKey) return orJobCancelled(first);
  scope.cancel();
  try {
    return await orJobCancelled(first);
  } catch (error) {
    if (!isCancellation(error) || CancellationScope.current().consideredCancelled) throw error;
  }
  onEscalate(escalated);
  return scheduleStep(input, escalated, true);
}
