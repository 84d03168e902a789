import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import { jobIdFromWorkflowId } from '../contracts/workflow-ids';

const routineWorkerMessages = [
  'No workflows registered',
  'No activities registered',
  'No Nexus services registered',
  'Worker state changed',
];
const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Routes the SDK's logs (worker, workflow and activity loggers) into the project's JSON logger, adding the job id
 * and the agent type, which the SDK's metadata (workflowId, taskQueue) implies but does not name.
 */
export function temporalLoggerFromPino(logger: Logger, agentOfTaskQueue: ReadonlyMap<string, string>): DefaultLogger {
  const level =
    logger.level === 'trace'
      ? 'TRACE'
      : logger.level === 'debug'
        ? 'DEBUG'
        : logger.level === 'info'
          ? 'INFO'
          : logger.level === 'warn'
            ? 'WARN'
            : 'ERROR';
  return new DefaultLogger(level, (entry: LogEntry) => {
    const meta: Record<string, unknown> = { ...(entry.meta ?? {}) };
    const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
    const jobId = workflowId ? jobIdFromWorkflowId(workflowId) : undefined;
    if (jobId) meta.jobId = jobId;
    const taskQueue = typeof meta.taskQueue === 'string' ? meta.taskQueue : undefined;
    const agentType = taskQueue ? agentOfTaskQueue.get(taskQueue) : undefined;
    if (agentType) meta.agentType = agentType;
    // Each worker serves one queue, so every agent worker would warn that it has no workflows, and vice versa.
    const expected = routineWorkerMessages.some((prefix) => entry.message.startsWith(prefix));
    logger[expected ? 'debug' : levels[entry.level]](meta, entry.message);
  });
}
