import type { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import { stepContextSchema, type StepContext } from '../src/contracts/step-context';
import { FailureType } from '../src/errors/failure-types';
import { logActivitySummary } from './activity-log';
import type { JobSnapshot } from './help/snapshot';
import { parseJobData } from './parse-job-data';

/** What the built-in agents need from their environment. */
export interface AgentDeps {
  /** The help agent's view of Temporal: a job's snapshot, or undefined when the job does not exist. */
  describeJob: (jobId: string) => Promise<JobSnapshot | undefined>;
  /**
   * The time a finding is as of (the litigation summary's date): the workflow's StepContext.asOf, set per step by
   * createAgentActivity. Only a step of a run from before the findings-time-from-workflow patch has none and falls
   * back to the system clock.
   */
  now?: () => Date;
  /** The evidence vault: keeps each evidence item's bytes under their SHA-256 and records the ingest's custody. */
  keepEvidence?: (items: ReadonlyArray<{ sha256: string; bytes: Uint8Array }>) => Promise<void>;
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
export type AgentActivity<Action extends AnyAgentAction> = (
  data: unknown,
  context?: unknown,
) => Promise<Awaited<ReturnType<Action['run']>>>;

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
): (data: unknown, context?: unknown) => Promise<Result> {
  return async (data: unknown, context?: unknown): Promise<Result> => {
    const stepContext = parseStepContext(context);
    const stepDeps: AgentDeps = stepContext ? { ...deps, now: () => new Date(stepContext.asOf) } : deps;
    const result = await action.run(parseJobData(action.input, data), stepDeps);
    const { message, counts } = action.summarize(result);
    logActivitySummary(message, counts);
    return result;
  };
}

/** The step's context, the workflow's second argument; absent for runs from before it was passed. */
function parseStepContext(context: unknown): StepContext | undefined {
  if (context === undefined) return undefined;
  const parsed = stepContextSchema.safeParse(context);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(context)'}: ${issue.message}`);
  throw ApplicationFailure.create({
    type: FailureType.InvalidWorkflowInput,
    nonRetryable: true,
    message: `invalid step context: ${problems.join('; ')}`,
  });
}
