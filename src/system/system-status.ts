import { allMatchingRuns, currentRunCounts } from '../temporal/current-runs';
import { deploymentWorkflows } from '../temporal/visibility-query';
import type { Client } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { agentTaskQueue, orchestrationTaskQueue } from '../config/task-queues';
import { jobWorkflowType } from '../contracts/job-workflow';
import type { PauseService, SystemPause } from '../pause/pause-service';
import { livePollers } from './task-queue-pollers';

export interface AgentStatus {
  agent: string;
  taskQueue: string;
  livePollers: number;
  healthy: boolean;
  /** No new step of this agent starts while paused (system or queue pause). */
  paused: boolean;
}

export interface SystemStatus {
  /** healthy when the orchestration worker and every agent have a live poller; degraded otherwise. */
  status: 'healthy' | 'degraded';
  activeJobs: number;
  metrics: {
    jobsSubmitted: number;
    jobsCompleted: number;
    jobsFailed: number;
    jobsCanceled: number;
    jobsTerminated: number;
    jobsTimedOut: number;
  };
  uptimeSeconds: number;
  orchestration: { taskQueue: string; livePollers: number };
  agents: AgentStatus[];
  activeAgents: number;
  /** The system pause (since when, by whom, why) and the agents whose queue is paused. */
  pause: Omit<SystemPause, 'queues'>;
}

/**
 * The seed's get_system_status, answered from Temporal: jobs by the status of their current run (a replayed job is
 * one job, not one per run) and task-queue pollers. Visibility counts runs and cannot group by workflow id, so the
 * job runs are listed (one call per 1000 runs) and only jobs with several closed runs are described. The job counts
 * are of the caller's tenant scope only; the pollers are shared infrastructure and shown to every caller.
 */
export async function systemStatus(
  config: LoadedConfig,
  client: Client,
  startedAt: Date,
  scope: TenantScope,
  pauses: PauseService,
): Promise<SystemStatus> {
  const taskQueue = orchestrationTaskQueue(config);
  const jobs = deploymentWorkflows(config, jobWorkflowType).within(scope).toString();
  const [counts, orchestrationPollers, agents, pause] = await Promise.all([
    allMatchingRuns(client, jobs).then((runs) => currentRunCounts(client, runs)),
    livePollers(client, taskQueue, 'workflow'),
    Promise.all(
      Object.keys(config.agents).map(async (agent): Promise<AgentStatus> => {
        const queue = agentTaskQueue(config, agent);
        const { count } = await livePollers(client, queue, 'activity');
        return { agent, taskQueue: queue, livePollers: count, healthy: count > 0, paused: false };
      }),
    ),
    pauses.system(),
  ]);
  const { queues, ...systemPause } = pause;
  for (const agent of agents) agent.paused = queues.some((queue) => queue.agent === agent.agent && queue.paused);
  const count = (status: string): number => counts.get(status) ?? 0;
  const healthy = orchestrationPollers.count > 0 && agents.every((agent) => agent.healthy);
  return {
    status: healthy ? 'healthy' : 'degraded',
    activeJobs: count('Running'),
    metrics: {
      jobsSubmitted: [...counts.values()].reduce((sum, n) => sum + n, 0),
      jobsCompleted: count('Completed'),
      jobsFailed: count('Failed'),
      jobsCanceled: count('Canceled'),
      jobsTerminated: count('Terminated'),
      jobsTimedOut: count('TimedOut'),
    },
    uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    orchestration: { taskQueue, livePollers: orchestrationPollers.count },
    agents,
    activeAgents: agents.filter((agent) => agent.healthy).length,
    pause: systemPause,
  };
}
