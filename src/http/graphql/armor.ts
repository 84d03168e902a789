import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

/**
 * Limits that a hostile query meets before any resolver runs. Taskmaster's deepest real query (an investigation's
 * step's error) is 4 deep; introspection (GraphiQL) is exempt from depth and cost. The token limit bounds parsing
 * itself, so that a 1,000-alias query is refused before it is even validated.
 */
export const armorLimits = {
  maxDepth: { n: 10 },
  maxAliases: { n: 15 },
  costLimit: { maxCost: 5_000 },
  maxTokens: { n: 2_000 },
  maxDirectives: { n: 20 },
  blockFieldSuggestion: { enabled: true },
} as const;

/**
 * A query that does not parse or validate (armor's limits included) answers 400 whatever the client accepts. Yoga
 * follows the GraphQL-over-HTTP spec, which answers 200 to a client that accepts only application/json; a hostile
 * query must not look accepted. Such a result is the one with errors and no data at all (a resolver's error leaves
 * `data`, and answers the status its error carries).
 */
const rejectedQueriesAre400: Plugin = {
  onResultProcess: (payload) => {
    const { result } = payload;
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    if ('data' in result || !result.errors?.length) return;
    payload.setResult({ ...result, extensions: { ...result.extensions, http: { status: 400 } } });
  },
};

export const armorPlugins = (): Plugin[] => [EnvelopArmorPlugin(armorLimits), rejectedQueriesAre400];
