import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';
import { jobIdFromWorkflowId } from '../contracts/workflow-ids';

const routineWorkerMessages = [
  'No workflows registered',
  'No activities registered',
  'No Nexus services registered',
  'Worker state changed',
];
const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
type PinoLevel = (typeof levels)[LogLevel];

/** Workflows that log their own failure, with its domain context ("job failed", "investigation failed"). */
const workflowsLoggingTheirFailure = new Set(['jobWorkflow', 'investigationWorkflow']);

/** The SDK level that matches a pino logger's level (the SDK filters below it before anything is formatted). */
export function sdkLogLevel(logger: Logger): LogLevel {
  switch (logger.level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}

/**
 * Routes the SDK's logs (worker, workflow, activity and, when forwarded, the Rust core's) into the project's JSON
 * logger, adding the job id and the agent type, which the SDK's metadata (workflowId, taskQueue) implies but does
 * not name. It drops task tokens (a credential for completing the task), writes errors as { type, message }
 * (pino would write an Error under any key but `err` as {}), and logs each failure once at WARN: a non-retryable
 * activity failure and a job's or investigation's "Workflow failed" are logged by the workflow itself.
 */
export function temporalLoggerFromPino(logger: Logger, agentOfTaskQueue: ReadonlyMap<string, string>): DefaultLogger {
  return new DefaultLogger(sdkLogLevel(logger), (entry: LogEntry) => {
    const { taskToken: _taskToken, ...meta }: Record<string, unknown> = { ...(entry.meta ?? {}) };
    const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
    const jobId = workflowId ? jobIdFromWorkflowId(workflowId) : undefined;
    if (jobId) meta.jobId = jobId;
    const taskQueue = typeof meta.taskQueue === 'string' ? meta.taskQueue : undefined;
    const agentType = taskQueue ? agentOfTaskQueue.get(taskQueue) : undefined;
    if (agentType) meta.agentType = agentType;
    if (meta.error !== undefined) meta.error = serializedError(meta.error);
    logger[levelOf(entry, meta)](meta, entry.message);
  });
}

function levelOf(entry: LogEntry, meta: Record<string, unknown>): PinoLevel {
  // Each worker serves one queue, so every agent worker would warn that it has no workflows, and vice versa.
  if (routineWorkerMessages.some((prefix) => entry.message.startsWith(prefix))) return 'debug';
  const error = meta.error as { nonRetryable?: boolean } | undefined;
  if (entry.message === 'Activity failed' && error?.nonRetryable === true) return 'info';
  if (entry.message === 'Workflow failed' && workflowsLoggingTheirFailure.has(String(meta.workflowType))) return 'debug';
  return levels[entry.level];
}

/** An error as a log field: its failure type (or class name), message and retry decision, and its cause's. */
export function serializedError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const { type, nonRetryable } = error as { type?: unknown; nonRetryable?: unknown };
  return {
    type: typeof type === 'string' && type !== '' ? type : error.name,
    message: error.message,
    ...(typeof nonRetryable === 'boolean' ? { nonRetryable } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: serializedError(error.cause, depth + 1) } : {}),
  };
}
