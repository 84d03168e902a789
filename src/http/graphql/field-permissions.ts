/**
 * The permission each root field needs: the GraphQL door's counterpart of route-permissions.ts, on the same
 * permissions (src/auth/permissions.ts). Typed on the generated resolver types: a field added to the schema without a
 * permission here fails to compile, and guardedRootFields refuses to serve a resolver missing from this table.
 */
import type { Permission } from '../../auth/permissions';
import type { MutationResolvers, QueryResolvers, SubscriptionResolvers } from './generated/resolvers-types';

type PermissionsOf<R> = { readonly [Field in keyof Required<R>]: Permission };

export const queryPermissions: PermissionsOf<QueryResolvers> = {
  jobStatus: 'read',
  jobs: 'read',
  investigation: 'read',
  investigations: 'read',
  templates: 'read',
  systemStatus: 'read',
  queues: 'read',
  sla: 'read',
  analytics: 'read',
};

export const mutationPermissions: PermissionsOf<MutationResolvers> = {
  submitJob: 'submit',
  cancelJob: 'cancel',
  replayJob: 'replay',
  startInvestigation: 'submit',
  cancelInvestigation: 'cancel',
  replayInvestigation: 'replay',
};

export const subscriptionPermissions: PermissionsOf<SubscriptionResolvers> = {
  jobStatus: 'read',
  investigationStatus: 'read',
  agentHealth: 'read',
};
