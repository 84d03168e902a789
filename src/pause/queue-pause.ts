import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { parsePauseReason, type PauseScope } from './pause-reason';

/** A paused agent queue, as Temporal holds it: rate limit 0, with the reason, the updater's identity and the time. */
export interface QueuePause {
  scope: PauseScope;
  reason: string;
  /** The principal (token subject) that paused it, from the config's update identity. */
  pausedBy: string;
  pausedAt: string | null;
}

type RawConfig = temporal.api.taskqueue.v1.ITaskQueueConfig | null | undefined;

const activityQueue = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;

/** The pause a task-queue config holds: a queue rate limit of 0 requests per second; undefined when none. */
export function pauseOfConfig(config: RawConfig): QueuePause | undefined {
  const limit = config?.queueRateLimit;
  // An unset limit has no rateLimit; a limit of 0 is present with requestsPerSecond absent (proto3 default).
  if (!limit?.rateLimit || (limit.rateLimit.requestsPerSecond ?? 0) > 0) return undefined;
  const metadata = limit.metadata;
  const seconds = Number(metadata?.updateTime?.seconds ?? 0);
  return {
    ...parsePauseReason(metadata?.reason ?? ''),
    pausedBy: metadata?.updateIdentity ?? '',
    pausedAt: seconds > 0 ? new Date(seconds * 1000 + Math.round((metadata?.updateTime?.nanos ?? 0) / 1e6)).toISOString() : null,
  };
}

/** Reads an activity queue's pause from Temporal (DescribeTaskQueue with its config). */
export async function readQueuePause(client: Client, taskQueue: string): Promise<QueuePause | undefined> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: activityQueue,
    reportConfig: true,
  });
  return pauseOfConfig(response.config);
}

/**
 * Sets the activity queue's rate limit to 0: matching hands no task to any poller of any worker, wherever it runs,
 * while tasks already started run on and new ones queue up. `identity` is who did it, shown by Temporal's tools.
 */
export async function holdQueue(client: Client, taskQueue: string, reasonText: string, identity: string): Promise<void> {
  await client.workflowService.updateTaskQueueConfig({
    namespace: client.options.namespace,
    identity,
    taskQueue,
    taskQueueType: activityQueue,
    updateQueueRateLimit: { rateLimit: { requestsPerSecond: 0 }, reason: reasonText },
  });
}

/** Unsets the queue's rate limit (the server's default applies again); the backlog is dispatched by priority key. */
export async function releaseQueue(client: Client, taskQueue: string, reasonText: string, identity: string): Promise<void> {
  await client.workflowService.updateTaskQueueConfig({
    namespace: client.options.namespace,
    identity,
    taskQueue,
    taskQueueType: activityQueue,
    updateQueueRateLimit: { reason: reasonText },
  });
}
