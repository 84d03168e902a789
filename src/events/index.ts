/**
 * The live events service: the one source that GET /v1/events (WebSocket) and the GraphQL subscriptions read.
 * Events come from Temporal itself (the histories of followed runs, long-polled; visibility for broad filters),
 * never from a broker and never by adding a history event per notification. Each facade process runs one
 * service for its own subscribers; subscribers of the same run share one upstream poll.
 *
 * createApp takes it as the `liveEvents` dependency and, when none is given, builds it with
 * `createLiveEvents({ config, client, logger })`; the process that owns the app calls `close()` on shutdown.
 */
import type { TenantScope } from '../auth/tenant-scope';
import type { EventFilter, LiveEvent } from '../contracts/live-events';

export type { EventFilter, LiveEvent } from '../contracts/live-events';

export interface SubscribeOptions {
  /** A cursor of a previous message: first replay the terminal statuses missed since then (overrides filter.since). */
  since?: string | undefined;
  /** Ends the subscription: the iterator then returns. */
  signal: AbortSignal;
}

export interface LiveEvents {
  /**
   * The events matching `filter` that `scope` may see, as they happen (tenant walls on every message). Throws an
   * InvalidInputError at once for a bad filter or an expired cursor. The iterator throws SubscriberTooSlowError when
   * the subscriber leaves more than the configured number of messages unread, and ends when `signal` aborts.
   */
  subscribe(filter: EventFilter, scope: TenantScope, options: SubscribeOptions): AsyncIterable<LiveEvent>;
  /**
   * The same events pushed instead of pulled, for a fan-out to many sockets: checks what subscribe() checks, at
   * once (throws); `start` then joins (rejects with a NotFoundError for another tenant's or an unknown run) and
   * calls `onEvent` synchronously with each message, the same object for every subscriber it goes to, until
   * `signal` aborts. The caller bounds what it leaves unsent (no queue here).
   */
  listen(filter: EventFilter, scope: TenantScope, options: SubscribeOptions): LiveListener;
}

export interface LiveListener {
  start(onEvent: (event: LiveEvent) => void): Promise<void>;
}

export { SubscriberTooSlowError } from './too-slow';

export { createLiveEvents, type LiveEventService, type LiveEventsDependencies } from './live-event-service';
export type { AgentHealthReading, AgentHealthSource } from './agent-health';
