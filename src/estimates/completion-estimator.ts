/**
 * Estimated completion (docs/live-api.md#estimated-completion): from the recent durations of the same job type and
 * priority class (visibility) and from the job's queue (the backlog ahead of it by priority, and the queue's
 * dispatch rate, from DescribeTaskQueue). Null when there is nothing to learn from, rather than a guess.
 *
 *   samples  = start-to-close durations of the last 20 completed runs of the type and class in the last hour
 *   S        = 10th percentile of samples: the work itself, as the runs that met an empty queue took it
 *   M        = median of samples: the work plus the queueing the recent load gave it
 *   W        = backlog ahead / dispatch rate, while the job's step waits on its agent's queue
 *   duration = max(M, S + W) while queued (M when the queue cannot tell), M once the step runs
 *   estimate = start + duration; once that is past, now + the median remaining time of the samples longer than
 *              the time already spent; null with fewer than 3 samples, or when no sample ran that long.
 *
 * Why M and not S + W alone: on a steady load the recent median already holds the usual wait, and it is the value
 * that minimizes the median absolute error; S + W only wins when the queue ahead is longer than usual.
 */
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import type { PriorityClass } from '../config/priority-classes';
import { agentTaskQueue } from '../config/task-queues';
import { queueAhead, type QueueAhead } from './queue-wait';
import { recentDurations } from './recent-durations';

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

/** Fewer completed runs than this, and the estimate says null. */
export const minimumSamples = 3;
/** How long figures read from Temporal are reused: estimates are asked for on every message and view. */
const durationsTtlMs = 10_000;
const queueTtlMs = 2_000;

export class CompletionEstimator {
  private readonly durations = new Map<string, { at: number; value: Promise<number[]> }>();
  private readonly queues = new Map<string, { at: number; value: Promise<QueueAhead> }>();

  constructor(
    private readonly config: LoadedConfig,
    private readonly client: Client,
  ) {}

  /** The expected duration of a run about to start (the submit answer's estimatedTime), ms; null when unknown. */
  async expectedDuration(subject: Omit<EstimateSubject, 'startedAtMs' | 'queued'>): Promise<number | null> {
    const samples = await this.samples(subject);
    if (samples.length < minimumSamples) return null;
    return this.durationOf(subject, samples, true);
  }

  /** When a running run is expected to finish; null when unknown. */
  async estimate(subject: EstimateSubject, now = Date.now()): Promise<Date | null> {
    const samples = await this.samples(subject);
    if (samples.length < minimumSamples) return null;
    const duration = await this.durationOf(subject, samples, subject.queued);
    if (subject.startedAtMs + duration > now) return new Date(subject.startedAtMs + duration);
    const elapsed = now - subject.startedAtMs;
    const longer = samples.filter((sample) => sample > elapsed).map((sample) => sample - elapsed);
    return longer.length === 0 ? null : new Date(now + quantile(longer, 0.5));
  }

  private async durationOf(subject: Pick<EstimateSubject, 'jobType' | 'priority'>, samples: number[], queued: boolean): Promise<number> {
    const median = quantile(samples, 0.5);
    if (!queued) return median;
    const wait = await this.queueWait(subject).catch(() => undefined);
    return wait === undefined ? median : Math.max(median, quantile(samples, 0.1) + wait);
  }

  /** ms the step should wait on its agent's queue; undefined when the queue cannot tell (backlog, but no dispatch). */
  private async queueWait(subject: Pick<EstimateSubject, 'jobType' | 'priority'>): Promise<number | undefined> {
    const agent = this.config.jobTypes[subject.jobType]?.agent;
    const priorityKey = this.config.priorities[subject.priority as PriorityClass]?.priorityKey;
    if (agent === undefined || priorityKey === undefined) return undefined;
    const taskQueue = agentTaskQueue(this.config, agent);
    const { backlogAhead, dispatchRate } = await cached(this.queues, `${taskQueue}/${priorityKey}`, queueTtlMs, () =>
      queueAhead(this.client, taskQueue, priorityKey),
    );
    if (backlogAhead === 0) return 0;
    return dispatchRate > 0 ? (backlogAhead / dispatchRate) * 1000 : undefined;
  }

  private samples(subject: Pick<EstimateSubject, 'workflowType' | 'jobType' | 'priority'>): Promise<number[]> {
    return cached(this.durations, `${subject.workflowType}/${subject.jobType}/${subject.priority}`, durationsTtlMs, () =>
      recentDurations(this.config, this.client, subject.workflowType, subject.jobType, subject.priority),
    );
  }
}

/** The q-quantile of the values (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

function cached<T>(cache: Map<string, { at: number; value: Promise<T> }>, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < ttlMs) return hit.value;
  const value = load();
  cache.set(key, { at: now, value });
  // A failed read is not kept: the next ask tries again.
  void value.catch(() => cache.delete(key));
  return value;
}
