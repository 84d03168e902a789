import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types';
import { auditMutation, type MutationField } from '../audit-mutations';
import { mutationPermissions, queryPermissions, subscriptionPermissions } from '../field-permissions';
import type { GraphQLServices } from '../graphql-services';
import { guarded, guardedSubscriptions, type FieldOutcomeListener } from './guard';
import { mutationResolvers } from './mutation-resolvers';
import { queryResolvers } from './query-resolvers';
import { subscriptionResolvers } from './subscription-resolvers';

/** Every resolver of the schema: the root fields behind their permissions, mutations audited, and the JSON scalar. */
export function resolvers(services: GraphQLServices): Resolvers {
  const logFailure: FieldOutcomeListener = (field, _args, _context, _at, outcome) => {
    if ('error' in outcome && statusOf(outcome.error.extensions.http) >= 500) {
      services.logger.error({ err: outcome.error.originalError ?? outcome.error, field }, 'GraphQL field failed');
    }
  };
  const audit: FieldOutcomeListener = (field, args, context, requestedAt, outcome) => {
    void logFailure(field, args, context, requestedAt, outcome);
    return auditMutation(services.auditRecorder, services.logger, context, field as MutationField, args, requestedAt, outcome);
  };
  return {
    JSON: jsonScalar,
    Query: guarded(queryResolvers(services), queryPermissions, logFailure),
    Mutation: guarded(mutationResolvers(services), mutationPermissions, audit),
    Subscription: guardedSubscriptions(subscriptionResolvers(services.liveEvents), subscriptionPermissions),
  };
}

const statusOf = (http: unknown): number => {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 400;
};

/** Any JSON value, as sent in variables or written inline in the query. */
const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});

function literalValue(node: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literalValue(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalValue(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.ENUM:
      return node.value;
  }
}
