/**
 * The input schema of a job type's data. The facade checks `data` against it before starting a workflow (400
 * naming the field), and the agent checks it again (a non-retryable failure), so that a job started around the
 * facade cannot slip bad data through either. The schema is the one the action declares in the agent catalog
 * (activities/catalog.ts), found through temporal.yaml's `jobTypes.<TYPE>.agent` and `.action`.
 */
import { z } from 'zod';
import { builtInAction } from '../../activities/catalog';
import type { TaskmasterConfig } from '../config/schema';

/** Job types of custom agents take any JSON object; their agent validates it. */
const customJobDataSchema = z.record(z.string(), z.unknown());

export function jobDataSchema(config: Pick<TaskmasterConfig, 'agents' | 'jobTypes'>, type: string): z.ZodType {
  // Own keys only: a job type named "constructor" is not Object.prototype's.
  const jobType = Object.hasOwn(config.jobTypes, type) ? config.jobTypes[type] : undefined;
  if (!jobType) return customJobDataSchema;
  // An agent with a module of its own is a custom agent, even if it takes a built-in agent's name.
  const agent = Object.hasOwn(config.agents, jobType.agent) ? config.agents[jobType.agent] : undefined;
  if (agent?.module !== undefined) return customJobDataSchema;
  return builtInAction(jobType.agent, jobType.action)?.input ?? customJobDataSchema;
}
