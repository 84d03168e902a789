import type { JobRoute } from '../contracts/job-workflow';
import { resolvedRetry } from '../contracts/retry-policy';
import type { PriorityClass, TaskmasterConfig } from '../config/schema';
import { agentTaskQueue } from '../config/task-queues';
import { InvalidInputError } from '../errors/domain-errors';
import { nonRetryableFailureTypes } from '../errors/failure-types';
import { ownValue } from '../contracts/own-value';

/** Resolves, from the config, where and how a job's step runs. Called once, at submission. */
export function resolveJobRoute(config: TaskmasterConfig, type: string, priority: PriorityClass): JobRoute {
  const jobType = ownValue(config.jobTypes, type);
  if (!jobType) throw new InvalidInputError([{ path: 'type', message: `unknown job type "${type}"` }]);
  // The config schema checks that every job type names a configured retry policy.
  const retry = ownValue(config.retryPolicies, jobType.retryPolicy);
  if (!retry) throw new Error(`temporal.yaml: jobTypes.${type}.retryPolicy names no retry policy`);
  return {
    agent: jobType.agent,
    action: jobType.action,
    taskQueue: agentTaskQueue(config, jobType.agent),
    priorityKey: config.priorities[priority].priorityKey,
    startToCloseTimeoutMs: jobType.timeout,
    ...(jobType.heartbeatTimeout === null ? {} : { heartbeatTimeoutMs: jobType.heartbeatTimeout }),
    retry: { ...resolvedRetry(retry), nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  };
}
