import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { DependencyActivities } from '../activities/job-dependencies';
import {
  dependantsNotifiedSignal,
  dependencyClosedSignal,
  dependencyFailedMessage,
  dependencyNotFoundMessage,
  registerDependantSignal,
  type DependantsWatchInput,
  type DependencyOutcome,
} from '../src/contracts/job-dependencies';
import { dependantsWatchWorkflowId, jobIdFromWorkflowId } from '../src/contracts/workflow-ids';
import { FailureType, nonRetryableFailureTypes } from '../src/errors/failure-types';

/**
 * Registration is a local activity: it runs in the worker within the workflow task (milliseconds, no task queue,
 * no slot once done) and signals the dependency with the client. A signal command from the workflow would cost a
 * server transfer task and a second workflow task per dependant for its delivery receipt: with a thousand
 * dependants registering at once, that queue took a minute to drain on the dev server.
 */
const registration = proxyLocalActivities<DependencyActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  summary: 'register with a dependency',
});

/**
 * The dependant's side: registers with each dependency's workflow and waits for their outcome signals. Costs one
 * short local activity per dependency and no worker slot while it waits. A dependency that closed before the
 * registration arrived cannot take it (the signal fails), so the registration reads its outcome instead. Resolves
 * once all completed; throws DependencyFailed (or DependencyNotFound) at the first that did not. `onProgress` gets
 * the ids still awaited.
 */
export async function awaitDependencies(dependsOn: readonly string[], onProgress: (waitingFor: string[]) => void): Promise<void> {
  const awaited = [...new Set(dependsOn)];
  const settled = new Map<string, DependencyOutcome>();
  const record = (outcome: DependencyOutcome): void => {
    if (!awaited.includes(outcome.jobId) || settled.has(outcome.jobId)) return;
    settled.set(outcome.jobId, outcome);
    onProgress(awaited.filter((jobId) => !settled.has(jobId)));
  };
  setHandler(dependencyClosedSignal, record);
  const self = workflowInfo().workflowId;
  const register = async (jobId: string): Promise<void> => {
    const closed = await registration.registerDependant(jobId, self);
    if (closed) record(closed);
  };
  const failure = (): DependencyOutcome | undefined => [...settled.values()].find((outcome) => outcome.status !== 'COMPLETED');
  const done = (): boolean => failure() !== undefined || settled.size === awaited.length;
  const registrations = Promise.all(awaited.map(register));
  await Promise.race([registrations.then(() => condition(done)), condition(done)]);
  const failed = failure();
  if (!failed) return;
  throw failed.status === 'NOT_FOUND'
    ? ApplicationFailure.create({
        type: FailureType.DependencyNotFound,
        message: dependencyNotFoundMessage(failed.jobId),
        nonRetryable: true,
      })
    : ApplicationFailure.create({
        type: FailureType.DependencyFailed,
        message: dependencyFailedMessage(failed.jobId, failed.message ?? `it ended ${failed.status}`),
        nonRetryable: true,
      });
}

export interface Dependants {
  /**
   * Tells every registered dependant how this job ended, including those whose registration arrives while it
   * closes; await it before the workflow returns. Not cancellable.
   */
  release(outcome: Omit<DependencyOutcome, 'jobId'>): Promise<void>;
}

/**
 * The dependency's side: takes registrations for the life of the workflow. Sends nothing and starts nothing
 * unless a dependant registers, so runs without dependants (and their recorded histories) are unchanged.
 */
export function trackDependants(): Dependants {
  const { workflowId, runId } = workflowInfo();
  const jobId = jobIdFromWorkflowId(workflowId) ?? workflowId;
  const registered = new Set<string>();
  let closing = false;
  let watch: Promise<ChildWorkflowHandle<typeof dependantsWatchWorkflow> | undefined> | undefined;
  setHandler(registerDependantSignal, async ({ workflowId: dependant }) => {
    registered.add(dependant);
    // A job that is closing tells its dependants itself: no watch needed.
    if (closing) return;
    watch ??= CancellationScope.nonCancellable(() =>
      startChild(dependantsWatchWorkflow, {
        workflowId: dependantsWatchWorkflowId(runId),
        args: [{ dependencyJobId: jobId }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        staticSummary: `tells the dependants of ${jobId} if it is terminated or times out`,
      }).catch((error: unknown) => {
        log.error('dependants watch could not be started', { error: (error as Error).message });
        return undefined;
      }),
    );
    await watch;
  });
  return {
    release: (outcome) =>
      CancellationScope.nonCancellable(async () => {
        closing = true;
        const told = new Set<string>();
        // Registrations keep arriving until the workflow closes: loop until a pass finds no one new.
        for (;;) {
          await condition(allHandlersFinished);
          const pending = [...registered].filter((dependant) => !told.has(dependant));
          if (pending.length === 0) break;
          pending.forEach((dependant) => told.add(dependant));
          try {
            await releaseActivities.notifyDependants({ jobId, ...outcome }, pending);
          } catch (error) {
            // The job's own outcome stands; its dependants keep waiting (they can still be cancelled).
            log.error('dependants could not be told', { dependants: pending.length, error: (error as Error).message });
          }
        }
        const handle = await watch;
        if (handle) await handle.signal(dependantsNotifiedSignal).catch(() => undefined);
      }),
  };
}

/**
 * The dependants are told by one short activity that signals them with the client: far fewer writes than a signal
 * command per dependant (each of which also records its delivery in this job's history), and no limit on how many
 * are in flight. It holds an activity slot for the seconds it takes, once per job that has dependants.
 */
const releaseActivities = proxyActivities<DependencyActivities>({
  startToCloseTimeout: '5m',
  scheduleToCloseTimeout: '1h',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  summary: 'tell the dependants',
});

const watchActivities = proxyActivities<DependencyActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  summary: 'tell the dependants of a terminated or timed-out job',
});

/**
 * The child a job starts on its first dependant's registration. It waits (no slot, no poll) until the job says it
 * told its dependants. If the job closes without saying so, Temporal's parent-close policy cancels the watch: the
 * job was terminated or timed out, and the watch tells the dependants registered in the job's history.
 */
export async function dependantsWatchWorkflow(input: DependantsWatchInput): Promise<void> {
  let notified = false;
  setHandler(dependantsNotifiedSignal, () => {
    notified = true;
  });
  try {
    await condition(() => notified);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Cancelled as the job closed right after saying so: nothing is left to do.
    if (notified) return;
    await CancellationScope.nonCancellable(() => watchActivities.notifyDependantsOfClosedJob(input.dependencyJobId));
  }
}
