import path from 'node:path';
import type { Client } from '@temporalio/client';
import { ConfigError } from '../src/config/config-error';
import type { LoadedConfig } from '../src/config/load-config';

export type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** What a custom agent module receives: its name and a Temporal client, in case it needs to read other jobs. */
export interface CustomAgentContext {
  agent: string;
  client: Client;
  config: LoadedConfig;
}

/**
 * Loads a custom agent's activities from the module named in temporal.yaml (agents.<name>.module), which must
 * export `createActivities(context)`.
 */
export async function loadCustomAgentActivities(agent: string, context: Omit<CustomAgentContext, 'agent'>): Promise<ActivityFunctions> {
  const modulePath = context.config.agents[agent]?.module;
  const key = `agents.${agent}.module`;
  if (!modulePath) throw new ConfigError(context.config.configFile, [`${key}: required for the custom agent "${agent}"`]);
  const resolved = path.resolve(path.dirname(context.config.configFile), modulePath);
  let loaded: { createActivities?: (context: CustomAgentContext) => ActivityFunctions | Promise<ActivityFunctions> };
  try {
    loaded = (await import(resolved)) as typeof loaded;
  } catch (error) {
    throw new ConfigError(context.config.configFile, [`${key}: cannot load ${resolved}: ${(error as Error).message}`]);
  }
  if (typeof loaded.createActivities !== 'function') {
    throw new ConfigError(context.config.configFile, [`${key}: ${resolved} does not export a createActivities(context) function`]);
  }
  return loaded.createActivities({ ...context, agent });
}
