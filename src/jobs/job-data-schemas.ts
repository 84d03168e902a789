/**
 * The input schema of a job type's data. The facade checks `data` against it before starting a workflow (400
 * naming the field), and the agent checks it again (a non-retryable failure), so that a job started around the
 * facade cannot slip bad data through either. The schema is the one the action declares in the agent catalog
 * (activities/catalog.ts), found through temporal.yaml's `jobTypes.<TYPE>.agent` and `.action`.
 */
import { z } from 'zod';
import { builtInAction } from '../../activities/catalog';
import type { TaskmasterConfig } from '../config/schema';
import { ownValue } from '../contracts/own-value';

/** Job types of custom agents take any JSON object; their agent validates it. */
const customJobDataSchema = z.record(z.string(), z.unknown());

export function jobDataSchema(config: Pick<TaskmasterConfig, 'agents' | 'jobTypes'>, type: string): z.ZodType {
  // Own keys only: a job type named "constructor" is not Object.prototype's.
  const jobType = ownValue(config.jobTypes, type);
  if (!jobType) return customJobDataSchema;
  return actionInputSchema(config, jobType.agent, jobType.action) ?? customJobDataSchema;
}

/** The input schema of a built-in agent's action; undefined for a custom agent's, which checks its own input. */
export function actionInputSchema(config: Pick<TaskmasterConfig, 'agents'>, agent: string, action: string): z.ZodType | undefined {
  // An agent with a module of its own is a custom agent, even if it takes a built-in agent's name.
  if (ownValue(config.agents, agent)?.module !== undefined) return undefined;
  return builtInAction(agent, action)?.input;
}
