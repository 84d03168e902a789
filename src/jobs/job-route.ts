import type { ResolvedRetry } from '../contracts/investigation-workflow';
import type { JobRoute } from '../contracts/job-workflow';
import type { PriorityClass, RetryPolicyConfig, TaskmasterConfig } from '../config/schema';
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
    retry: { ...resolvedRetry(retry), nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  };
}

/** A named retry policy of temporal.yaml in the form workflow inputs carry it (milliseconds). */
export function resolvedRetry(policy: RetryPolicyConfig): ResolvedRetry {
  return {
    initialIntervalMs: policy.initialInterval,
    backoffCoefficient: policy.backoffCoefficient,
    ...(policy.maximumInterval === undefined ? {} : { maximumIntervalMs: policy.maximumInterval }),
    maximumAttempts: policy.maximumAttempts,
  };
}
