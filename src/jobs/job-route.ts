import type { JobRoute } from '../contracts/job-workflow';
import type { PriorityClass, TaskmasterConfig } from '../config/schema';
import { agentTaskQueue } from '../config/task-queues';
import { nonRetryableFailureTypes } from '../errors/failure-types';

/** Resolves, from the config, where and how a job's step runs. Called once, at submission. */
export function resolveJobRoute(config: TaskmasterConfig, type: string, priority: PriorityClass): JobRoute {
  const jobType = config.jobTypes[type];
  if (!jobType) throw new Error(`unknown job type "${type}"`);
  const retry = config.retryPolicies[jobType.retryPolicy];
  if (!retry) throw new Error(`unknown retry policy "${jobType.retryPolicy}"`);
  return {
    agent: jobType.agent,
    action: jobType.action,
    taskQueue: agentTaskQueue(config, jobType.agent),
    priorityKey: config.priorities[priority].priorityKey,
    startToCloseTimeoutMs: jobType.timeout,
    ...(jobType.heartbeatTimeout === undefined ? {} : { heartbeatTimeoutMs: jobType.heartbeatTimeout }),
    retry: {
      initialIntervalMs: retry.initialInterval,
      backoffCoefficient: retry.backoffCoefficient,
      ...(retry.maximumInterval === undefined ? {} : { maximumIntervalMs: retry.maximumInterval }),
      maximumAttempts: retry.maximumAttempts,
      nonRetryableErrorTypes: [...nonRetryableFailureTypes],
    },
  };
}
