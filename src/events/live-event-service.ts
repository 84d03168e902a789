/**
 * The live events service of one facade process. It follows runs (one RunFollower per run, shared by every
 * subscriber of that run), discovers the runs that broad subscribers want by reading visibility every
 * events.discoveryInterval, sends agent health (agent-health-ticker.ts), and fans each message out to the
 * subscribers whose filter and tenant scope it matches. All from Temporal: nothing is stored here beyond the few
 * messages of the runs being followed, and nothing is written to any workflow.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { agentsByTaskQueue, orchestrationTaskQueue } from '../config/task-queues';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import { eventFilterSchema, type EventFilter, type LiveEvent } from '../contracts/live-events';
import { CaseIdAttribute, JobTypeAttribute } from '../contracts/search-attributes';
import { investigationIdFromWorkflowId, investigationWorkflowId, jobIdFromWorkflowId, jobWorkflowId } from '../contracts/workflow-ids';
import { AtCapacityError } from '../errors/domain-errors';
import { parseInput } from '../errors/field-problems';
import { describeOwnWorkflow } from '../temporal/describe-own-workflow';
import { deploymentWorkflows, type VisibilityQuery } from '../temporal/visibility-query';
import { pollerHealthSource, type AgentHealthSource } from './agent-health';
import { AgentHealthTicker } from './agent-health-ticker';
import { decodeCursor, type CursorPosition } from './cursor';
import type { LiveEvents, LiveListener, SubscribeOptions } from './index';
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
/** Visibility is eventually consistent: each discovery reads back this far before the previous one. */
const discoveryOverlapMs = 5_000;
/**
 * When visibility reads find only runs already followed (this facade started them: started-runs.ts), the reads
 * slow down, doubling up to this many times events.discoveryInterval; a read that finds a new run resets the pace.
 */
const maxDiscoveryBackoff = 4;

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
  private discoveryTimer: NodeJS.Timeout | undefined;
  /** One discovery loop per facade, from the first subscriber that needs it to the last. */
  private discoveryLoop = false;
  private discoveredUntilMs: number | undefined;
  /** The current multiple of events.discoveryInterval between two reads (adaptive pacing, maxDiscoveryBackoff). */
  private discoveryBackoff = 1;
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
    clearTimeout(this.discoveryTimer);
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
    this.detached(() =>
      this.follow({ workflowId: run.workflowId, runId: run.runId, kind: kindOf(run.workflowType), id: idOf(run.workflowId) }),
    );
  }

  /** The workflow a one-run subscriber follows, checked against its tenant scope; its current run id. */
  private async ownWorkflow(
    filter: Omit<EventFilter, 'since'>,
    scope: TenantScope,
  ): Promise<{ workflowId: string; runId: string; kind: RunIdentity['kind'] }> {
    const taskQueue = orchestrationTaskQueue(this.config);
    if (filter.jobId !== undefined) {
      const workflowId = jobWorkflowId(filter.jobId);
      const description = await describeOwnWorkflow(
        this.client,
        workflowId,
        { workflowType: jobWorkflowType, taskQueue, scope },
        `no job ${filter.jobId}`,
      );
      return { workflowId, runId: description.runId, kind: 'job' };
    }
    const id = filter.investigationId ?? '';
    const workflowId = investigationWorkflowId(id);
    const description = await describeOwnWorkflow(
      this.client,
      workflowId,
      { workflowType: investigationWorkflowType, taskQueue, scope },
      `no investigation ${id}`,
    );
    return { workflowId, runId: description.runId, kind: 'investigation' };
  }

  private join(
    subscriber: Subscriber,
    followed: { workflowId: string; runId: string; kind: RunIdentity['kind'] } | undefined,
    position: CursorPosition | undefined,
  ): void {
    this.subscribers.add(subscriber);
    // What the runs already followed said, in order: a one-run subscriber sees its run from the start.
    for (const { follower } of this.followers.values()) {
      for (const message of follower.messages) {
        if (subscriber.wants(follower.state, message)) subscriber.push(message.event);
      }
    }
    if (followed) {
      this.followedWorkflowIds.set(followed.workflowId, (this.followedWorkflowIds.get(followed.workflowId) ?? 0) + 1);
      this.follow({ workflowId: followed.workflowId, runId: followed.runId, kind: followed.kind, id: idOf(followed.workflowId) });
    }
    if (position && !subscriber.followsOneRun) this.detached(() => void this.replayClosedSince(subscriber, position));
    if (!subscriber.followsOneRun || this.followedWorkflowIds.size > 0) this.ensureDiscovery();
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

  private ensureDiscovery(): void {
    if (this.discoveryLoop || this.closed) return;
    this.discoveryLoop = true;
    const tick = (): void => {
      this.discoveryTimer = undefined;
      if (this.subscribers.size === 0 || this.closed) {
        this.discoveredUntilMs = undefined;
        this.discoveryBackoff = 1;
        this.discoveryLoop = false;
        return;
      }
      this.detached(() => {
        void this.discover()
          .then((foundNew) => {
            this.discoveryBackoff = foundNew ? 1 : Math.min(maxDiscoveryBackoff, this.discoveryBackoff * 2);
          })
          .catch((error: unknown) => this.logger.warn({ err: error }, 'reading visibility for live events failed; retrying'))
          .finally(() => {
            this.sweep();
            this.discoveryTimer = setTimeout(tick, this.config.events.discoveryInterval * this.discoveryBackoff);
          });
      });
    };
    this.discoveryTimer = setTimeout(tick, 0);
  }

  /**
   * The runs broad subscribers may want: on the first pass every running one, then those started or closed since
   * the previous pass (read back a little, visibility lags). A run already followed is not followed twice.
   * Whether it found a run to follow that was not followed yet.
   */
  private async discover(): Promise<boolean> {
    let foundNew = false;
    const broad = [...this.subscribers].some((subscriber) => !subscriber.followsOneRun);
    const base = deploymentWorkflows(this.config, jobWorkflowType, investigationWorkflowType);
    const startedAt = Date.now();
    const queries =
      this.discoveredUntilMs === undefined
        ? [base.equals('ExecutionStatus', 'Running')]
        : [
            base.atLeast('StartTime', new Date(this.discoveredUntilMs - discoveryOverlapMs)),
            base.atLeast('CloseTime', new Date(this.discoveredUntilMs - discoveryOverlapMs)),
          ];
    for (const query of queries) {
      for (const execution of await this.listRuns(query)) {
        const workflowId = execution.execution?.workflowId ?? '';
        const runId = execution.execution?.runId ?? '';
        if (!workflowId || !runId) continue;
        if (!broad && !this.followedWorkflowIds.has(workflowId)) continue;
        if (this.followers.has(followerKey(workflowId, runId))) continue;
        foundNew = true;
        this.follow({ workflowId, runId, kind: kindOf(execution.type?.name), id: idOf(workflowId) });
      }
    }
    this.discoveredUntilMs = startedAt;
    return foundNew;
  }

  /** A resumed broad subscriber: the runs that closed since its cursor, followed (and so their terminal status sent). */
  private async replayClosedSince(subscriber: Subscriber, position: CursorPosition): Promise<void> {
    const { filter, scope } = subscriber;
    const query = deploymentWorkflows(this.config, jobWorkflowType, investigationWorkflowType)
      .within(scope)
      .atLeast('CloseTime', new Date(position.atMs))
      .equals(CaseIdAttribute, filter.caseId)
      .equals(JobTypeAttribute, filter.type);
    try {
      for (const execution of await this.listRuns(query)) {
        const workflowId = execution.execution?.workflowId ?? '';
        const runId = execution.execution?.runId ?? '';
        const key = followerKey(workflowId, runId);
        const existing = this.followers.get(key);
        if (existing) {
          // Joined before this run closed and kept: what it said is already queued for the subscriber (join()).
          continue;
        }
        this.follow({ workflowId, runId, kind: kindOf(execution.type?.name), id: idOf(workflowId) });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'replaying closed runs for a resumed subscriber failed');
    }
  }

  private async listRuns(query: VisibilityQuery): Promise<temporal.api.workflow.v1.IWorkflowExecutionInfo[]> {
    const runs: temporal.api.workflow.v1.IWorkflowExecutionInfo[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const response = await this.client.workflowService.listWorkflowExecutions({
        namespace: this.client.options.namespace,
        query: query.toString(),
        pageSize: 1000,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      runs.push(...response.executions);
      nextPageToken = response.nextPageToken.length > 0 ? response.nextPageToken : undefined;
    } while (nextPageToken);
    return runs;
  }
}

function kindOf(workflowType: string | null | undefined): RunIdentity['kind'] {
  return workflowType === investigationWorkflowType ? 'investigation' : 'job';
}

function idOf(workflowId: string): string {
  return jobIdFromWorkflowId(workflowId) ?? investigationIdFromWorkflowId(workflowId) ?? workflowId;
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
