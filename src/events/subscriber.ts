/**
 * One subscriber: what it follows, what its token may see, and where its messages go. Either its bounded queue of
 * unread messages, which its async iterator pulls (GraphQL subscriptions): a subscriber that leaves more than
 * `limit` messages unread is failed with SubscriberTooSlowError instead of growing the facade's memory. Or, with a
 * `sink` (GET /v1/events), each message handed over synchronously as the service publishes it: no queue, no
 * promise per message and subscriber, and the sink's owner bounds what its socket leaves unwritten.
 */
import { inTenantScope, type TenantScope } from '../auth/tenant-scope';
import type { EventFilter, LiveEvent } from '../contracts/live-events';
import { SubscriberTooSlowError } from './too-slow';
import type { RunState } from './run-state';
import { runTagOf, type CursorPosition } from './cursor';
import type { FollowedMessage } from './run-follower';

export class Subscriber {
  private readonly queue: LiveEvent[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private ended = false;

  constructor(
    readonly filter: Omit<EventFilter, 'since'>,
    readonly scope: TenantScope,
    /** Messages of runs older than this (event time, ms) are not for this subscriber: it joined, or resumed, later. */
    readonly fromMs: number,
    /** The cursor a resumed subscriber gave. */
    private readonly resumeFrom: CursorPosition | undefined,
    private readonly limit: number,
    /** The agent each job type runs on (temporal.yaml), for the `agent` filter. */
    private readonly agentOfJobType: (jobType: string) => string | undefined,
    /** The agent a task queue serves, for investigations' steps. */
    private readonly agentOfTaskQueue: (taskQueue: string) => string | undefined,
    /** Where messages go at once instead of the queue (the same message object for every subscriber). */
    private readonly sink?: (event: LiveEvent) => void,
  ) {}

  /** Follows one job or investigation (not a broad filter): gets every message of its runs. */
  get followsOneRun(): boolean {
    return this.filter.jobId !== undefined || this.filter.investigationId !== undefined;
  }

  /** Whether a run's message is for this subscriber: the tenant walls first, then every filter given. */
  wants(run: RunState, message: FollowedMessage): boolean {
    if (!inTenantScope(this.scope, run.tenant)) return false;
    if (message.atMs < this.fromMs) return false;
    // A resumed subscriber already has the message its cursor came from, and those before it in that run.
    if (this.resumeFrom && this.resumeFrom.runTag === runTagOf(run.identity.runId) && message.eventId <= this.resumeFrom.eventId)
      return false;
    const { filter } = this;
    const { kind, id } = run.identity;
    if (filter.jobId !== undefined && (kind !== 'job' || id !== filter.jobId)) return false;
    if (filter.investigationId !== undefined && (kind !== 'investigation' || id !== filter.investigationId)) return false;
    if (filter.caseId !== undefined && run.caseId !== filter.caseId) return false;
    if (filter.type !== undefined && run.jobType !== filter.type) return false;
    if (filter.agent !== undefined && !this.runUsesAgent(run, filter.agent)) return false;
    return true;
  }

  /** Agent health is shared infrastructure (GET /v1/system/status shows it to every reader): for broad subscribers. */
  wantsAgentHealth(agent: string): boolean {
    if (this.followsOneRun || this.filter.caseId !== undefined || this.filter.type !== undefined) return false;
    return this.filter.agent === undefined || this.filter.agent === agent;
  }

  push(event: LiveEvent): void {
    if (this.ended || this.failure) return;
    if (this.sink) {
      this.sink(event);
      return;
    }
    if (this.queue.length >= this.limit) {
      this.failure = new SubscriberTooSlowError(this.limit);
      this.queue.length = 0;
    } else {
      this.queue.push(event);
    }
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *messages(signal: AbortSignal): AsyncGenerator<LiveEvent> {
    const onAbort = (): void => this.end();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        const next = this.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.ended || signal.aborted) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.ended = true;
    }
  }

  private runUsesAgent(run: RunState, agent: string): boolean {
    if (run.jobType !== undefined && this.agentOfJobType(run.jobType) === agent) return true;
    if ([...run.steps.values()].some((step) => step.agent === agent)) return true;
    return [...run.taskQueues].some((queue) => this.agentOfTaskQueue(queue) === agent);
  }
}
