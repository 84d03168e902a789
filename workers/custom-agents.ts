import path from 'node:path';
import type { Client } from '@temporalio/client';
import { ConfigError } from '../src/config/config-error';
import { unknownActionProblems } from '../src/config/job-type-actions';
import type { LoadedConfig } from '../src/config/load-config';
import { lineOfKeyInFile, lineSuffix } from '../src/config/yaml-lines';
import { ownValue } from '../src/contracts/own-value';

export type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** What a custom agent module receives: its name and a Temporal client, in case it needs to read other jobs. */
export interface CustomAgentContext {
  agent: string;
  client: Client;
  config: LoadedConfig;
}

/**
 * Loads a custom agent's activities from the module named in temporal.yaml (agents.<name>.module), which must
 * export `createActivities(context)`. Any failure (the module does not load, has no createActivities, throws in it,
 * or lacks an action a job type names) is a ConfigError naming the agent, the key, its line and the module's file.
 */
export async function loadCustomAgentActivities(agent: string, context: Omit<CustomAgentContext, 'agent'>): Promise<ActivityFunctions> {
  const { configFile } = context.config;
  const modulePath = ownValue(context.config.agents, agent)?.module;
  const keyPath = ['agents', agent, 'module'];
  const key = `${keyPath.join('.')}${lineSuffix(lineOfKeyInFile(configFile, keyPath))}`;
  if (!modulePath) throw new ConfigError(configFile, [`${key}: required for the custom agent "${agent}"`]);
  const resolved = path.resolve(path.dirname(configFile), modulePath);
  let loaded: { createActivities?: (context: CustomAgentContext) => ActivityFunctions | Promise<ActivityFunctions> };
  try {
    loaded = (await import(resolved)) as typeof loaded;
  } catch (error) {
    throw new ConfigError(configFile, [`${key}: the ${agent} agent's module ${resolved} does not load: ${messageOf(error)}`]);
  }
  if (typeof loaded.createActivities !== 'function') {
    throw new ConfigError(configFile, [
      `${key}: the ${agent} agent's module ${resolved} does not export a createActivities(context) function`,
    ]);
  }
  let activities: ActivityFunctions;
  try {
    activities = await loaded.createActivities({ ...context, agent });
  } catch (error) {
    throw new ConfigError(configFile, [`${key}: createActivities of the ${agent} agent's module ${resolved} threw: ${messageOf(error)}`]);
  }
  const problems = unknownActionProblems(
    context.config,
    () => Object.keys(activities),
    (jobTypePath) => lineOfKeyInFile(configFile, jobTypePath),
    [agent],
  );
  if (problems.length > 0) throw new ConfigError(configFile, problems);
  return activities;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
