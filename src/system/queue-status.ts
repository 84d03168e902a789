import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { PriorityClass, TaskmasterConfig } from '../config/schema';
import { priorityClasses } from '../config/schema';
import { agentTaskQueue } from '../config/task-queues';
import { livePollers } from './task-queue-pollers';

export interface QueueStats {
  backlogCount: number;
  backlogAgeSeconds: number;
  tasksAddRate: number;
  tasksDispatchRate: number;
}

export interface AgentQueueStatus extends QueueStats {
  agent: string;
  taskQueue: string;
  /** Workers that polled within the last two minutes (the name /v1/system/status uses too). */
  livePollers: number;
  /** The same figures per priority class (Temporal priority key), for all five classes (zeros when none queued). */
  byPriority: Record<PriorityClass, QueueStats & { priorityKey: number }>;
}

type RawStats = temporal.api.taskqueue.v1.ITaskQueueStats | null | undefined;

export const statsOf = (raw: RawStats): QueueStats => ({
  backlogCount: Number(raw?.approximateBacklogCount ?? 0),
  backlogAgeSeconds: Number(raw?.approximateBacklogAge?.seconds ?? 0) + (raw?.approximateBacklogAge?.nanos ?? 0) / 1e9,
  tasksAddRate: Math.round((raw?.tasksAddRate ?? 0) * 100) / 100,
  tasksDispatchRate: Math.round((raw?.tasksDispatchRate ?? 0) * 100) / 100,
});

/** An agent queue's backlog, age, rates and pollers, in total and per priority key, from DescribeTaskQueue. */
export async function agentQueueStatus(config: TaskmasterConfig, client: Client, agent: string): Promise<AgentQueueStatus> {
  const taskQueue = agentTaskQueue(config, agent);
  const [response, pollers] = await Promise.all([
    client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      reportStats: true,
    }),
    livePollers(client, taskQueue, 'activity'),
  ]);
  const byPriority = Object.fromEntries(
    priorityClasses.map((name) => {
      const priorityKey = config.priorities[name].priorityKey;
      return [name, { priorityKey, ...statsOf(response.statsByPriorityKey?.[String(priorityKey)]) }];
    }),
  ) as AgentQueueStatus['byPriority'];
  return { agent, taskQueue, livePollers: pollers.count, ...statsOf(response.stats), byPriority };
}

export async function allAgentQueues(config: TaskmasterConfig, client: Client): Promise<AgentQueueStatus[]> {
  return Promise.all(Object.keys(config.agents).map((agent) => agentQueueStatus(config, client, agent)));
}

/** One agent queue's figures for one priority class, with its live pollers (which serve every class). */
export function agentPriorityView(queue: AgentQueueStatus, priority: PriorityClass) {
  const { priorityKey, ...stats } = queue.byPriority[priority];
  return { agent: queue.agent, taskQueue: queue.taskQueue, priority, priorityKey, livePollers: queue.livePollers, ...stats };
}

/**
 * The seed's get_queue_status(QueueType.HIGH_PRIORITY): one priority class across every agent queue. The same
 * names as per queue: backlogAgeSeconds is the oldest backlog's age across them.
 */
export function priorityView(queues: readonly AgentQueueStatus[], priority: PriorityClass, priorityKey: number) {
  const perAgent = queues.map((queue) => ({ agent: queue.agent, taskQueue: queue.taskQueue, ...queue.byPriority[priority] }));
  return {
    priority,
    priorityKey,
    backlogCount: perAgent.reduce((sum, queue) => sum + queue.backlogCount, 0),
    backlogAgeSeconds: Math.max(0, ...perAgent.map((queue) => queue.backlogAgeSeconds)),
    tasksAddRate: perAgent.reduce((sum, queue) => sum + queue.tasksAddRate, 0),
    tasksDispatchRate: perAgent.reduce((sum, queue) => sum + queue.tasksDispatchRate, 0),
    queues: perAgent,
  };
}
