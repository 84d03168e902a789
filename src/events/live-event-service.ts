/**
 * The live events service of one facade process. It follows runs (one RunFollower per run, shared by every
 * subscriber of that run), the runs it starts at once and those that run-discovery.ts finds in visibility, sends
 * agent health (agent-health-ticker.ts), and fans each message out to the subscribers whose filter and tenant scope
 * it matches. All from Temporal: nothing is stored here beyond the few messages of the runs being followed, and
 * nothing is written to any workflow.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { agentsByTaskQueue, orchestrationTaskQueue } from '../config/task-queues';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import { eventFilterSchema, type EventFilter, type LiveEvent } from '../contracts/live-events';
import { investigationWorkflowId, jobWorkflowId } from '../contracts/workflow-ids';
import { AtCapacityError } from '../errors/domain-errors';
import { parseInput } from '../errors/field-problems';
import { describeOwnWorkflow } from '../temporal/describe-own-workflow';
import { pollerHealthSource, type AgentHealthSource } from './agent-health';
import { AgentHealthTicker } from './agent-health-ticker';
import { decodeCursor, type CursorPosition } from './cursor';
import type { LiveEvents, LiveListener, SubscribeOptions } from './index';
import { RunDiscovery, runIdentity } from './run-discovery';
import { RunFollower, type FollowedMessage, type RunCompletionEstimate } from './run-follower';
import { CompletionEstimator } from '../estimates/completion-estimator';
import { investigationJobType } from '../investigations/service/investigation-start';
import type { RunIdentity } from './run-state';
import type { StartedRun } from './started-runs';
import { Subscriber } from './subscriber';

export interface LiveEventsDependencies {
  config: LoadedConfig;
  client: Client;
  logger: Logger;
  /** How long jobs and investigations take (src/estimates); default: one on this client. */
  estimator?: CompletionEstimator;
  /** Where agent health comes from; default: the live pollers of each agent's task queue. */
  agentHealth?: AgentHealthSource;
}

export interface LiveEventService extends LiveEvents {
  /** Subscribers connected now. */
  readonly subscriberCount: number;
  /** Runs whose history this facade is long-polling now. */
  readonly followedRunCount: number;
  /** A run this facade just started (StartedRun, from the client interceptor): followed at once if anyone may want it. */
  noticeStarted(run: StartedRun): void;
  /** Ends every subscription and stops every poll. */
  close(): void;
}

/** How long a closed run's follower (and its messages) stays, for late subscribers and reconnects. */
const closedRunKeptMs = 2 * 60_000;
export function createLiveEvents(dependencies: LiveEventsDependencies): LiveEventService {
  return new LiveEventHub(dependencies);
}

const followerKey = (workflowId: string, runId: string): string => `${workflowId}/${runId}`;

class LiveEventHub implements LiveEventService {
  private readonly subscribers = new Set<Subscriber>();
  private readonly followers = new Map<string, { follower: RunFollower; closedAtMs?: number }>();
  /** Runs whose work any subscriber follows by id: their new runs (reruns) are followed too. */
  private readonly followedWorkflowIds = new Map<string, number>();
  private readonly config: LoadedConfig;
  private readonly client: Client;
  private readonly logger: Logger;
  private readonly estimate: RunCompletionEstimate;
  private readonly agentHealth: AgentHealthTicker;
  private readonly agentOfJobType: (jobType: string) => string | undefined;
  private readonly agentOfTaskQueue: (taskQueue: string) => string | undefined;
  /** Runs a function outside of whatever request started it: upstream polls must not inherit a request's deadline. */
  private readonly detached = AsyncResource.bind((fn: () => void): void => fn());
  private readonly discovery: RunDiscovery;
  private closed = false;

  constructor(dependencies: LiveEventsDependencies) {
    this.config = dependencies.config;
    this.client = dependencies.client;
    this.logger = dependencies.logger.child({ component: 'live-events' });
    this.estimate = runEstimator(dependencies.estimator ?? new CompletionEstimator(this.config, this.client));
    this.agentHealth = new AgentHealthTicker({
      source: dependencies.agentHealth ?? pollerHealthSource(this.config, this.client),
      intervalMs: this.config.events.agentHealthInterval,
      logger: this.logger,
      subscribers: () => this.subscribers,
      detached: this.detached,
    });
    this.agentOfJobType = (jobType) => this.config.jobTypes[jobType]?.agent;
    const byQueue = agentsByTaskQueue(this.config);
    this.agentOfTaskQueue = (taskQueue) => byQueue.get(taskQueue);
    this.discovery = new RunDiscovery({
      config: this.config,
      client: this.client,
      logger: this.logger,
      detached: this.detached,
      host: {
        isClosed: () => this.closed,
        hasSubscribers: () => this.subscribers.size > 0,
        hasBroadSubscriber: () => [...this.subscribers].some((subscriber) => !subscriber.followsOneRun),
        isFollowedWorkflow: (workflowId) => this.followedWorkflowIds.has(workflowId),
        isFollowed: (workflowId, runId) => this.followers.has(followerKey(workflowId, runId)),
        follow: (identity) => this.follow(identity),
        sweep: () => this.sweep(),
      },
    });
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  get followedRunCount(): number {
    return [...this.followers.values()].filter((entry) => entry.closedAtMs === undefined).length;
  }

  subscribe(rawFilter: EventFilter, scope: TenantScope, options: SubscribeOptions): AsyncIterable<LiveEvent> {
    const prepared = this.prepare(rawFilter, scope, options);
    const subscriber = prepared.subscriber();
    return { [Symbol.asyncIterator]: () => this.run(subscriber, prepared.position, options.signal) };
  }

  listen(rawFilter: EventFilter, scope: TenantScope, options: SubscribeOptions): LiveListener {
    const prepared = this.prepare(rawFilter, scope, options);
    return {
      start: async (onEvent) => {
        const subscriber = prepared.subscriber(onEvent);
        const followed = subscriber.followsOneRun ? await this.ownWorkflow(subscriber.filter, subscriber.scope) : undefined;
        if (options.signal.aborted || this.closed) return;
        this.join(subscriber, followed, prepared.position);
        options.signal.addEventListener(
          'abort',
          () => {
            subscriber.end();
            this.leave(subscriber, followed);
          },
          { once: true },
        );
      },
    };
  }

  /** What subscribe() and listen() check at once: the filter, the cursor and the facade's capacity. */
  private prepare(
    rawFilter: EventFilter,
    scope: TenantScope,
    options: SubscribeOptions,
  ): { position: CursorPosition | undefined; subscriber: (sink?: (event: LiveEvent) => void) => Subscriber } {
    const { since: filterSince, ...filter } = parseInput(eventFilterSchema, rawFilter);
    const since = options.since ?? filterSince;
    const position = since === undefined ? undefined : decodeCursor(since, 'since', this.config.events.replayWindow);
    if (this.subscribers.size >= this.config.events.maxSubscribers) {
      throw new AtCapacityError(
        'TOO_MANY_SUBSCRIBERS',
        `this facade serves ${this.config.events.maxSubscribers} subscribers (events.maxSubscribers)`,
        undefined,
        5,
      );
    }
    const followsOneRun = filter.jobId !== undefined || filter.investigationId !== undefined;
    const fromMs = position?.atMs ?? (followsOneRun ? 0 : Date.now());
    return {
      position,
      subscriber: (sink) =>
        new Subscriber(
          filter,
          scope,
          fromMs,
          position,
          this.config.events.maxUnreadMessages,
          this.agentOfJobType,
          this.agentOfTaskQueue,
          sink,
        ),
    };
  }

  private async *run(subscriber: Subscriber, position: CursorPosition | undefined, signal: AbortSignal): AsyncGenerator<LiveEvent> {
    // Checked before anything is sent: another tenant's job, like an unknown one, is a NotFoundError.
    const followed = subscriber.followsOneRun ? await this.ownWorkflow(subscriber.filter, subscriber.scope) : undefined;
    this.join(subscriber, followed, position);
    try {
      yield* subscriber.messages(signal);
    } finally {
      this.leave(subscriber, followed);
    }
  }

  close(): void {
    this.closed = true;
    this.discovery.stop();
    this.agentHealth.close();
    for (const subscriber of this.subscribers) subscriber.end();
    for (const { follower } of this.followers.values()) follower.stop();
    this.followers.clear();
  }

  noticeStarted(run: StartedRun): void {
    if (run.workflowType !== jobWorkflowType && run.workflowType !== investigationWorkflowType) return;
    // As discovery would: every run for a broad subscriber, a followed workflow's new run for one-run subscribers.
    const wanted = this.followedWorkflowIds.has(run.workflowId) || [...this.subscribers].some((subscriber) => !subscriber.followsOneRun);
    if (!wanted) return;
    this.detached(() => this.follow(runIdentity(run.workflowId, run.runId, run.workflowType)));
  }

  /** The workflow a one-run subscriber follows, checked against its tenant scope; its current run id. */
  private async ownWorkflow(filter: Omit<EventFilter, 'since'>, scope: TenantScope): Promise<RunIdentity> {
    const taskQueue = orchestrationTaskQueue(this.config);
    if (filter.jobId !== undefined) {
      const workflowId = jobWorkflowId(filter.jobId);
      const description = await describeOwnWorkflow(
        this.client,
        workflowId,
        { workflowType: jobWorkflowType, taskQueue, scope },
        `no job ${filter.jobId}`,
      );
      return runIdentity(workflowId, description.runId, jobWorkflowType);
    }
    const id = filter.investigationId ?? '';
    const workflowId = investigationWorkflowId(id);
    const description = await describeOwnWorkflow(
      this.client,
      workflowId,
      { workflowType: investigationWorkflowType, taskQueue, scope },
      `no investigation ${id}`,
    );
    return runIdentity(workflowId, description.runId, investigationWorkflowType);
  }

  private join(subscriber: Subscriber, followed: RunIdentity | undefined, position: CursorPosition | undefined): void {
    this.subscribers.add(subscriber);
    // What the runs already followed said, in order: a one-run subscriber sees its run from the start.
    for (const { follower } of this.followers.values()) {
      for (const message of follower.messages) {
        if (subscriber.wants(follower.state, message)) subscriber.push(message.event);
      }
    }
    if (followed) {
      this.followedWorkflowIds.set(followed.workflowId, (this.followedWorkflowIds.get(followed.workflowId) ?? 0) + 1);
      this.follow(followed);
    }
    if (position && !subscriber.followsOneRun)
      this.detached(() => void this.discovery.followClosedSince(subscriber.filter, subscriber.scope, position));
    if (!subscriber.followsOneRun || this.followedWorkflowIds.size > 0) this.discovery.ensureRunning();
    if (!subscriber.followsOneRun) this.agentHealth.join(subscriber);
  }

  private leave(subscriber: Subscriber, followed: { workflowId: string } | undefined): void {
    this.subscribers.delete(subscriber);
    if (followed) {
      const count = (this.followedWorkflowIds.get(followed.workflowId) ?? 1) - 1;
      if (count > 0) this.followedWorkflowIds.set(followed.workflowId, count);
      else this.followedWorkflowIds.delete(followed.workflowId);
    }
    this.sweep();
  }

  private publish(message: FollowedMessage, follower: RunFollower): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.wants(follower.state, message)) subscriber.push(message.event);
    }
  }

  /** Starts following a run unless this facade already does. */
  private follow(identity: RunIdentity): void {
    const key = followerKey(identity.workflowId, identity.runId);
    if (this.closed || this.followers.has(key)) return;
    const follower = new RunFollower(identity, {
      client: this.client,
      logger: this.logger,
      estimate: this.estimate,
      publish: (message, from) => this.publish(message, from),
      onClosed: (from) => this.runClosed(from),
    });
    this.followers.set(key, { follower });
    this.detached(() => follower.start());
  }

  private runClosed(follower: RunFollower): void {
    const entry = this.followers.get(followerKey(follower.identity.workflowId, follower.identity.runId));
    if (entry) entry.closedAtMs = Date.now();
    const next = follower.state.nextRunId;
    if (next) this.follow({ ...follower.identity, runId: next });
    this.sweep();
  }

  /** Forgets closed runs past their keeping time, and stops following runs nobody wants any more. */
  private sweep(): void {
    const now = Date.now();
    const broad = [...this.subscribers].some((subscriber) => !subscriber.followsOneRun);
    for (const [key, entry] of this.followers) {
      const unwanted = !broad && !this.followedWorkflowIds.has(entry.follower.identity.workflowId);
      if ((entry.closedAtMs !== undefined && now - entry.closedAtMs > closedRunKeptMs) || (unwanted && this.subscribers.size === 0)) {
        entry.follower.stop();
        this.followers.delete(key);
      } else if (unwanted && entry.closedAtMs === undefined) {
        entry.follower.stop();
        this.followers.delete(key);
      }
    }
  }
}

/**
 * The estimator's view of a followed run. A message waits for its estimate before it is published (in order), so
 * it takes the figures already loaded while they are read again (stale): no message waits on a visibility read or a
 * DescribeTaskQueue once the first are loaded.
 */
function runEstimator(estimator: CompletionEstimator): RunCompletionEstimate {
  return (run) =>
    run.priority === undefined
      ? Promise.resolve(null)
      : estimator.estimate(
          {
            workflowType: run.identity.kind === 'job' ? jobWorkflowType : investigationWorkflowType,
            jobType: run.jobType ?? investigationJobType,
            priority: run.priority,
            startedAtMs: run.startedAtMs,
            queued: run.identity.kind === 'job' && run.stage === 'SCHEDULED',
          },
          Date.now(),
          { stale: true },
        );
}
