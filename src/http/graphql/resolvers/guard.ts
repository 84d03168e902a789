import type { GraphQLError } from 'graphql';
import { can, type Permission } from '../../../auth/permissions';
import { forbidden } from '../../authorize';
import type { GraphQLContext } from '../graphql-context';
import { graphqlErrorOf } from '../graphql-errors';

type RootResolver = (parent: unknown, args: Record<string, unknown>, context: GraphQLContext, info: unknown) => unknown;

/**
 * What a guarded field reports once done: its arguments, when it started, and its answer or error. An answer waits
 * for the promise the listener returns, and becomes the listener's error if it rejects (the audit of an accepted
 * mutation: answered once its entry is durable).
 */
export type FieldOutcomeListener = (
  field: string,
  args: Record<string, unknown>,
  context: GraphQLContext,
  requestedAt: string,
  outcome: { answer: unknown } | { error: GraphQLError },
) => void | Promise<void>;

/**
 * Every root field behind its permission (the table of field-permissions.ts), with its errors in the API's shape
 * (graphqlErrorOf). `onOutcome` sees each call's outcome, refusals included: the audit of mutations.
 */
export function guarded<R extends object>(
  resolvers: R,
  permissions: { readonly [Field in keyof R]: Permission },
  onOutcome?: FieldOutcomeListener,
): R {
  const entries = Object.entries(resolvers as Record<string, RootResolver>).map(([field, resolve]) => {
    const permission = (permissions as Record<string, Permission | undefined>)[field];
    if (permission === undefined) throw new Error(`GraphQL field ${field} has no permission in field-permissions.ts`);
    const wrapped: RootResolver = async (parent, args, context, info) => {
      const requestedAt = new Date().toISOString();
      let answer: unknown;
      try {
        if (!can(context.principal, permission)) throw forbidden(permission, context.principal.roles);
        answer = await resolve(parent, args, context, info);
      } catch (error) {
        const graphqlError = graphqlErrorOf(error);
        // A refused or failed call changed nothing: its outcome is reported without holding the error.
        void onOutcome?.(field, args, context, requestedAt, { error: graphqlError });
        throw graphqlError;
      }
      try {
        await onOutcome?.(field, args, context, requestedAt, { answer });
      } catch (error) {
        throw graphqlErrorOf(error);
      }
      return answer;
    };
    return [field, wrapped] as const;
  });
  return Object.fromEntries(entries) as R;
}

type SubscribeFn = (parent: unknown, args: Record<string, unknown>, context: GraphQLContext, info: unknown) => unknown;

/** The subscriptions behind their permissions, a refusal or bad argument as the API's error, like guarded(). */
export function guardedSubscriptions<R extends object>(resolvers: R, permissions: { readonly [Field in keyof R]: Permission }): R {
  const entries = Object.entries(resolvers as Record<string, { subscribe: SubscribeFn }>).map(([field, resolver]) => {
    const permission = (permissions as Record<string, Permission | undefined>)[field];
    if (permission === undefined) throw new Error(`GraphQL subscription ${field} has no permission in field-permissions.ts`);
    const subscribe: SubscribeFn = (parent, args, context, info) => {
      try {
        if (!can(context.principal, permission)) throw forbidden(permission, context.principal.roles);
        return resolver.subscribe(parent, args, context, info);
      } catch (error) {
        throw graphqlErrorOf(error);
      }
    };
    return [field, { ...resolver, subscribe }] as const;
  });
  return Object.fromEntries(entries) as R;
}
