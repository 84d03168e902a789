import type { z } from 'zod';
import { logActivitySummary } from './activity-log';
import type { JobSnapshot } from './help/snapshot';
import { parseJobData } from './parse-job-data';

/** What the built-in agents need from their environment. */
export interface AgentDeps {
  /** The help agent's view of Temporal: a job's snapshot, or undefined when the job does not exist. */
  describeJob: (jobId: string) => Promise<JobSnapshot | undefined>;
  /** Clock of the litigation agent's document date; defaults to the system clock. */
  now?: () => Date;
}

/**
 * One action of an agent, declared once: the activity's name, its input schema, its work and the counts it logs.
 * The catalog (activities/catalog.ts) lists these statically, so the facade and the investigation validator read
 * names and schemas from it without creating activities; `createAgentActivity` turns one into the activity.
 */
export interface AgentAction<Agent extends string = string, Name extends string = string, Input = unknown, Result = unknown> {
  agent: Agent;
  /** The activity type: what temporal.yaml's `jobTypes.<TYPE>.action` and investigation steps name. */
  name: Name;
  /** One line: what the action does. */
  description: string;
  /** The job data's schema; data that fails it is a non-retryable InvalidJobData failure. */
  input: z.ZodType<Input>;
  // Methods, not function properties: a catalog holds actions of different inputs and results as AnyAgentAction.
  /** The work, on validated input. May be synchronous. */
  run(input: Input, deps: AgentDeps): Result | Promise<Result>;
  /** The activity's closing log line: counts only, never job data (which may be confidential). */
  summarize(result: Result): ActionSummary;
}

export interface ActionSummary {
  message: string;
  counts: Record<string, number>;
}

export type AnyAgentAction = AgentAction<string, string, unknown, unknown>;

/** The activity function of an action: job data in, the action's result out. */
export type AgentActivity<Action extends AnyAgentAction> = (data: unknown) => Promise<Awaited<ReturnType<Action['run']>>>;

/** Declares an action; the literal agent and name types let the catalog type its activities by name. */
export function defineAgentAction<const Agent extends string, const Name extends string, Input, Result>(
  action: AgentAction<Agent, Name, Input, Result>,
): AgentAction<Agent, Name, Input, Result> {
  return action;
}

/**
 * The activity of an action: validates the data (bad data never succeeds on a retry, so it fails at once with a
 * non-retryable InvalidJobData), runs the work, logs its summary. Synchronous work still settles as a promise:
 * a throw becomes a rejection.
 */
export function createAgentActivity<Input, Result>(
  action: AgentAction<string, string, Input, Result>,
  deps: AgentDeps,
): (data: unknown) => Promise<Result> {
  return async (data: unknown): Promise<Result> => {
    const result = await action.run(parseJobData(action.input, data), deps);
    const { message, counts } = action.summarize(result);
    logActivitySummary(message, counts);
    return result;
  };
}
