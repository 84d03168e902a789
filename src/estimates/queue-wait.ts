import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface QueueAhead {
  /** Tasks waiting on the queue at this priority key or a more urgent one (lower key). */
  backlogAhead: number;
  /** Tasks the queue hands to workers per second, all keys (Temporal's own moving figure). */
  dispatchRate: number;
}

/** The backlog ahead of a task of `priorityKey` on an activity task queue, and its dispatch rate (DescribeTaskQueue with stats). */
export async function queueAhead(client: Client, taskQueue: string, priorityKey: number): Promise<QueueAhead> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportStats: true,
  });
  const byKey = Object.entries(response.statsByPriorityKey ?? {});
  const backlogAhead =
    byKey.length > 0
      ? byKey.filter(([key]) => Number(key) <= priorityKey).reduce((sum, [, stats]) => sum + Number(stats.approximateBacklogCount ?? 0), 0)
      : Number(response.stats?.approximateBacklogCount ?? 0);
  return { backlogAhead, dispatchRate: response.stats?.tasksDispatchRate ?? 0 };
}
