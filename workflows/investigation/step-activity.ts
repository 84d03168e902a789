import { ApplicationFailure, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import { parseDuration } from '../../src/config/duration';
import type { InvestigationWorkflowInput } from '../../src/contracts/investigation-workflow';
import { activityRetryPolicy, type ResolvedRetry } from '../../src/contracts/retry-policy';
import { FailureType } from '../../src/errors/failure-types';
import type { InlineRetryPolicy } from '../../src/investigations/definition-schema';
import type { StepContext } from '../../src/contracts/step-context';
import { stepContextArgs } from '../step-context';
import { ownValue } from '../../src/contracts/own-value';

type AgentAction = (data: unknown, ...context: [] | [StepContext]) => Promise<unknown>;

export interface StepCall {
  /** Unique within the investigation: see src/contracts/step-activity-ids.ts. */
  activityId: string;
  label: string;
  agent: string;
  action: string;
  timeout?: string;
  heartbeatTimeout?: string | undefined;
  retry?: string | InlineRetryPolicy;
  priorityKey: number;
}

function retryOf(input: InvestigationWorkflowInput, retry: StepCall['retry']): ResolvedRetry | undefined {
  if (retry === undefined) return input.retryPolicies.exponential_backoff;
  if (typeof retry === 'string') return ownValue(input.retryPolicies, retry);
  return {
    initialIntervalMs: parseDuration(retry.initialInterval) ?? 1_000,
    backoffCoefficient: retry.backoffCoefficient ?? 2,
    maximumAttempts: retry.maximumAttempts ?? 0,
    ...(retry.maximumInterval === undefined ? {} : { maximumIntervalMs: parseDuration(retry.maximumInterval) ?? 60_000 }),
  };
}

/** Runs one agent action as an activity on the agent's task queue, named so that the Web UI reads like the case. */
export function callAgent(input: InvestigationWorkflowInput, call: StepCall, data: unknown): Promise<unknown> {
  const retry = retryOf(input, call.retry);
  const options: ActivityOptions = {
    activityId: call.activityId,
    taskQueue: ownValue(input.agentTaskQueues, call.agent) ?? call.agent,
    startToCloseTimeout: (call.timeout === undefined ? undefined : parseDuration(call.timeout)) ?? input.defaultStepTimeoutMs,
    priority: {
      priorityKey: call.priorityKey,
      ...(input.fairness ? { fairnessKey: input.fairness.key, fairnessWeight: input.fairness.weight } : {}),
    },
    // Only set when the step asks for it, so that histories of steps without one replay with the same command.
    ...(call.heartbeatTimeout === undefined ? {} : { heartbeatTimeout: parseDuration(call.heartbeatTimeout) }),
    summary: `${call.label}: ${call.action} (${call.agent})`,
    ...(retry ? { retry: activityRetryPolicy(retry, input.nonRetryableErrorTypes) } : {}),
  };
  const agent = proxyActivities<Record<string, AgentAction>>(options);
  const action = agent[call.action];
  if (!action) throw ApplicationFailure.nonRetryable(`no action ${call.action} (${call.agent})`, FailureType.InvalidWorkflowInput);
  return action(data, ...stepContextArgs(input.submittedAt));
}
