import {
  eventFilterSchema,
  terminalStatuses,
  type AgentHealthUpdate,
  type EventFilter,
  type JobStatusUpdate,
  type LiveEvent,
} from '../../../contracts/live-events';
import type { LiveEvents } from '../../../events';
import type { SubscriptionResolvers } from '../generated/resolvers-types';
import type { GraphQLContext } from '../graphql-context';
import { graphqlErrorOf } from '../graphql-errors';
import { parseArguments } from './arguments';

/**
 * The subscriptions: the live events service's messages (the same as GET /v1/events delivers, tenant walls
 * included), one field each. A job's or investigation's subscription completes after its terminal status; ending
 * the subscription (the client's `complete`, or its socket closing) ends the service's subscription too.
 */
export function subscriptionResolvers(liveEvents: LiveEvents): Required<SubscriptionResolvers> {
  return {
    jobStatus: {
      subscribe: (_parent, { jobId }, context) =>
        fieldUpdates('jobStatus', statusUpdates(liveEvents, parseArguments(eventFilterSchema, { jobId }, []), context)),
    },
    investigationStatus: {
      subscribe: (_parent, { investigationId }, context) =>
        fieldUpdates('investigationStatus', statusUpdates(liveEvents, parseArguments(eventFilterSchema, { investigationId }, []), context)),
    },
    agentHealth: {
      subscribe: (_parent, args, context) =>
        fieldUpdates('agentHealth', healthUpdates(liveEvents, parseArguments(eventFilterSchema, args, []), context)),
    },
  };
}

/** The service's messages of one kind, until `until` says the last one came; the service's subscription ends with ours. */
async function* updatesOf<E>(
  liveEvents: LiveEvents,
  filter: EventFilter,
  context: GraphQLContext,
  pick: (event: LiveEvent) => E | undefined,
  until: (event: E) => boolean,
): AsyncGenerator<E> {
  const abort = new AbortController();
  try {
    for await (const event of liveEvents.subscribe(filter, context.scope, { signal: abort.signal })) {
      const picked = pick(event);
      if (picked === undefined) continue;
      yield picked;
      if (until(picked)) return;
    }
  } catch (error) {
    throw graphqlErrorOf(error);
  } finally {
    abort.abort();
  }
}

const statusUpdates = (liveEvents: LiveEvents, filter: EventFilter, context: GraphQLContext) =>
  updatesOf<JobStatusUpdate>(
    liveEvents,
    filter,
    context,
    (event) => (event.type === 'job_status_update' ? event : undefined),
    (update) => terminalStatuses.includes(update.status),
  );

const healthUpdates = (liveEvents: LiveEvents, filter: EventFilter, context: GraphQLContext) =>
  updatesOf<AgentHealthUpdate>(
    liveEvents,
    filter,
    context,
    (event) => (event.type === 'agent_health_update' ? event : undefined),
    () => false,
  );

/** Each update under its field's name, as graphql-js expects a subscription's source to yield. */
async function* fieldUpdates<F extends string, E>(field: F, updates: AsyncGenerator<E>): AsyncGenerator<Record<F, E>> {
  for await (const update of updates) yield { [field]: update } as Record<F, E>;
}
