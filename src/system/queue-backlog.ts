import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { TaskmasterConfig } from '../config/schema';
import { agentTaskQueue } from '../config/task-queues';
import { statsOf } from './queue-status';

/**
 * An agent queue's backlog and the age of its oldest step, from one DescribeTaskQueue with stats: what npm start's
 * autoscaler reads every interval (the full queue status also lists pollers, a second call it does not need).
 */
export async function agentQueueBacklog(
  config: TaskmasterConfig,
  client: Client,
  agent: string,
): Promise<{ backlogCount: number; backlogAgeMs: number }> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: agentTaskQueue(config, agent), kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportStats: true,
  });
  const stats = statsOf(response.stats);
  return { backlogCount: stats.backlogCount, backlogAgeMs: Math.round(stats.backlogAgeSeconds * 1000) };
}
