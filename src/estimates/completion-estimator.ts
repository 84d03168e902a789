/**
 * Estimated completion (docs/live-api.md#estimated-completion): from the recent completed runs (visibility) and
 * from the job's queue (the backlog ahead of it by priority, and the queue's dispatch rate, from DescribeTaskQueue).
 * Null when there is nothing to learn from, rather than a guess.
 *
 *   E        = the type's recent work × the current load factor (duration-model.ts): what the run itself takes
 *   W        = backlog ahead / dispatch rate, while the job's step waits on its agent's queue (0 with no backlog)
 *   duration = E + W while queued (E when the queue has a backlog but dispatches nothing), E once the step runs
 *   estimate = start + duration; once that is past, now + the median remaining time of the type's (scaled) samples
 *              longer than the time already spent; null with fewer than 3 runs of the type, or when none ran that long.
 *
 * The queue wait is apart because it is what the priority changes, and what a burst changes at once: the runs'
 * own waits are taken out of their samples (TaskmasterQueueWaitMs) and the wait ahead of this job is added.
 */
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import type { PriorityClass } from '../config/priority-classes';
import { agentTaskQueue } from '../config/task-queues';
import { expectedWork, minimumSamples, quantile, type ExpectedWork, type RunSample } from './duration-model';
import { queueAhead, type QueueAhead } from './queue-wait';
import { cached, type Cached } from './read-cache';
import { recentRuns } from './recent-durations';

export { minimumSamples, quantile } from './duration-model';

export interface EstimateSubject {
  workflowType: string;
  /** The job type (INVESTIGATION for investigations). */
  jobType: string;
  priority: string;
  /** When the run started (ms). */
  startedAtMs: number;
  /** Whether its step still waits on the agent's queue (a job not yet picked up). */
  queued: boolean;
}

/**
 * How long figures read from Temporal are reused: estimates are asked for on every message and view. The recent
 * runs of all types are one read per workflow type, kept briefly so that a change of load shows within seconds.
 */
const runsTtlMs = 2_000;
const typeRunsTtlMs = 10_000;
const queueTtlMs = 2_000;
export interface EstimateOptions {
  /**
   * Answer from figures past their time (read-cache.ts, up to 30 s old) while they are read again, rather than wait
   * for the read: what a live message's estimate takes, so that its delivery never waits on visibility.
   */
  stale?: boolean;
}

export class CompletionEstimator {
  private readonly runs = new Map<string, Cached<Array<RunSample & { runId: string }>>>();
  private readonly queues = new Map<string, Cached<QueueAhead>>();

  constructor(
    private readonly config: LoadedConfig,
    private readonly client: Client,
  ) {}

  /** The expected duration of a run about to start (the submit answer's estimatedTime), ms; null when unknown. */
  async expectedDuration(subject: Omit<EstimateSubject, 'startedAtMs' | 'queued'>): Promise<number | null> {
    const expected = await this.expected(subject);
    if (expected === null) return null;
    return this.durationOf(subject, expected, true);
  }

  /** When a running run is expected to finish; null when unknown. */
  async estimate(subject: EstimateSubject, now = Date.now(), options: EstimateOptions = {}): Promise<Date | null> {
    const stale = options.stale === true;
    const expected = await this.expected(subject, stale);
    if (expected === null) return null;
    const duration = await this.durationOf(subject, expected, subject.queued, stale);
    if (subject.startedAtMs + duration > now) return new Date(subject.startedAtMs + duration);
    const elapsed = now - subject.startedAtMs;
    const longer = expected.scaledSamples.filter((sample) => sample > elapsed).map((sample) => sample - elapsed);
    return longer.length === 0 ? null : new Date(now + quantile(longer, 0.5));
  }

  private async durationOf(
    subject: Pick<EstimateSubject, 'jobType' | 'priority'>,
    expected: ExpectedWork,
    queued: boolean,
    stale = false,
  ): Promise<number> {
    if (!queued) return expected.workMs;
    const wait = await this.queueWait(subject, stale).catch(() => undefined);
    return expected.workMs + (wait ?? 0);
  }

  /** The type's expected work under the current load; a type too rare to be among the last runs is read on its own. */
  private async expected(subject: Pick<EstimateSubject, 'workflowType' | 'jobType'>, stale = false): Promise<ExpectedWork | null> {
    const recent = await this.recent(subject.workflowType, undefined, stale);
    const ofType = recent.filter((run) => run.jobType === subject.jobType).length;
    if (ofType >= minimumSamples) return expectedWork(recent, subject.jobType);
    const older = await this.recent(subject.workflowType, subject.jobType, stale);
    const known = new Set(recent.map((run) => run.runId));
    return expectedWork([...recent, ...older.filter((run) => !known.has(run.runId))], subject.jobType);
  }

  /** ms the step should wait on its agent's queue; undefined when the queue cannot tell (backlog, but no dispatch). */
  private async queueWait(subject: Pick<EstimateSubject, 'jobType' | 'priority'>, stale = false): Promise<number | undefined> {
    const agent = this.config.jobTypes[subject.jobType]?.agent;
    const priorityKey = this.config.priorities[subject.priority as PriorityClass]?.priorityKey;
    if (agent === undefined || priorityKey === undefined) return undefined;
    const taskQueue = agentTaskQueue(this.config, agent);
    const { backlogAhead, dispatchRate } = await cached(
      this.queues,
      `${taskQueue}/${priorityKey}`,
      queueTtlMs,
      () => queueAhead(this.client, taskQueue, priorityKey),
      stale,
    );
    if (backlogAhead === 0) return 0;
    return dispatchRate > 0 ? (backlogAhead / dispatchRate) * 1000 : undefined;
  }

  private recent(workflowType: string, jobType: string | undefined, stale: boolean): Promise<Array<RunSample & { runId: string }>> {
    return cached(
      this.runs,
      `${workflowType}/${jobType ?? ''}`,
      jobType === undefined ? runsTtlMs : typeRunsTtlMs,
      () => recentRuns(this.config, this.client, workflowType, jobType),
      stale,
    );
  }
}
