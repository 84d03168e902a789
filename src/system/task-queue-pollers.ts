import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';

const livePollerWindowMs = 2 * 60_000;

/** Workers that polled the task queue within the window (two minutes unless given), as Temporal reports them. */
export async function livePollers(
  client: Client,
  taskQueue: string,
  type: 'workflow' | 'activity',
  windowMs = livePollerWindowMs,
): Promise<{ count: number; identities: string[] }> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType:
      type === 'workflow'
        ? temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
        : temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  const now = Date.now();
  const live = (response.pollers ?? []).filter((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return now - seconds * 1000 <= windowMs;
  });
  return { count: live.length, identities: live.map((poller) => poller.identity ?? 'unknown') };
}
