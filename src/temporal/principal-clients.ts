/**
 * Temporal clients that act for a principal. The TypeScript client's `identity` is fixed per client, not per call,
 * and Temporal records it on every request a client makes (WorkflowExecutionStarted, WorkflowExecutionCancelRequested,
 * resets, batch operations). Clients over one Connection are cheap (they share its channel, the data converter and
 * the interceptors of the base client's options), so the facade keeps one per principal identity, least recently used
 * out past `capacity`.
 */
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { principalIdentity, type Principal } from '../auth/principal';
import type { LoadedConfig } from '../config/load-config';
import { temporalClientOptions } from './create-client';

/** Where services get the client that makes a write for a principal. */
export interface ActingClients {
  for(principal: Principal): Client;
}

/** Acts as the given client for everyone (tests, tools): no per-principal identity. */
export const actingAs = (client: Client): ActingClients => ({ for: () => client });

const defaultCapacity = 1_000;

export function principalClients(
  config: LoadedConfig,
  base: Client,
  /** `interceptors`: more workflow client interceptors, after the deployment's own (the live events' start hints). */
  { capacity = defaultCapacity, interceptors = [] }: { capacity?: number; interceptors?: WorkflowClientInterceptor[] } = {},
): ActingClients {
  const options = temporalClientOptions(config, base.connection, undefined, interceptors);
  const clients = new Map<string, Client>();
  return {
    for(principal) {
      const identity = principalIdentity(principal);
      let client = clients.get(identity);
      if (client === undefined) {
        client = new Client({ ...options, identity });
        if (clients.size >= capacity) clients.delete(clients.keys().next().value as string);
      } else {
        clients.delete(identity);
      }
      clients.set(identity, client);
      return client;
    },
  };
}
