import { ApplicationFailure, type Logger, type LogLevel, type LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createAgentActivities, type AgentActivities, type AgentDeps } from '../../../activities';
import { FailureType } from '../../../src/errors/failure-types';

/** The built-in agents' activities as a worker builds them; by default no job exists and the clock is the system's. */
export function agentActivities(deps: Partial<AgentDeps> = {}): AgentActivities {
  return createAgentActivities({ describeJob: () => Promise.resolve(undefined), ...deps });
}

export interface LogEntry {
  level: LogLevel;
  message: string;
  meta?: LogMetadata;
}

export interface QuietActivityEnvironment {
  env: MockActivityEnvironment;
  logs: LogEntry[];
  /** Runs an activity in the environment, keeping its result type (MockActivityEnvironment.run infers unknown). */
  run<R>(activity: (data: unknown) => Promise<R>, data: unknown): Promise<R>;
}

/** A mock activity environment whose log lines are kept for assertions instead of printed. */
export function quietActivityEnvironment(): QuietActivityEnvironment {
  const logs: LogEntry[] = [];
  const at =
    (level: LogLevel) =>
    (message: string, meta?: LogMetadata): void => {
      logs.push({ level, message, meta });
    };
  const logger: Logger = {
    log: (level, message, meta) => logs.push({ level, message, meta }),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
  const env = new MockActivityEnvironment(undefined, { logger });
  return {
    env,
    logs,
    run: <R>(activity: (data: unknown) => Promise<R>, data: unknown) =>
      env.run<[unknown], R, (data: unknown) => Promise<R>>(activity, data),
  };
}

/** The failure thrown by `work`, which must be a non-retryable InvalidJobData naming `path`. */
export async function expectInvalidJobData(work: () => unknown, path: string): Promise<ApplicationFailure> {
  let thrown: unknown;
  try {
    await work();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ApplicationFailure);
  const failure = thrown as ApplicationFailure;
  expect(failure.type).toBe(FailureType.InvalidJobData);
  expect(failure.nonRetryable).toBe(true);
  expect(failure.message).toContain(path);
  expect(failure.details?.some((detail) => (detail as { path?: string }).path === path)).toBe(true);
  return failure;
}

/** Log metadata must be counts: numbers only, never strings of job data. */
export function expectCountsOnly(meta: LogMetadata | undefined): void {
  const ownKeys = Object.entries(meta ?? {}).filter(([key]) => !defaultActivityLogKeys.has(key));
  expect(ownKeys.length).toBeGreaterThan(0);
  for (const [, value] of ownKeys) expect(typeof value).toBe('number');
}

/** Attributes the SDK adds to every activity log line. */
const defaultActivityLogKeys = new Set([
  'sdkComponent',
  'isLocal',
  'attempt',
  'namespace',
  'taskToken',
  'activityId',
  'activityType',
  'taskQueue',
  'workflowId',
  'workflowRunId',
  'workflowType',
]);

/** Each built-in agent's actions, as docs/job-types.md documents them. */
export const documentedAgentActions = {
  reconciliation: ['reconcileStatement'],
  fraud: ['detectFraud'],
  risk: ['assessRisk'],
  evidence: ['processEvidence'],
  litigation: ['prepareCaseSummary'],
  compliance: ['monitorCompliance'],
  help: ['explainJob'],
};
