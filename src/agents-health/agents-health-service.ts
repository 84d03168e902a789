import type { Client } from '@temporalio/client';
import type { TaskmasterConfig } from '../config/schema';
import { agentTaskQueue } from '../config/task-queues';
import { NotFoundError } from '../errors/domain-errors';
import { agentQueueStatus, type AgentQueueStatus } from '../system/queue-status';
import { livePollers } from '../system/task-queue-pollers';
import { assessAgent, type AgentHealth, type AgentWorker } from './agent-health';
import { heartbeatsByQueue, workerOfHeartbeat } from './worker-heartbeats';

const pollerOnlyMissing = ['host CPU and memory', 'slots', 'steps running', 'tasks completed and failed', 'heartbeat status'];

/**
 * Every agent's health: its workers from Temporal's worker heartbeats (ListWorkers), its queue from DescribeTaskQueue,
 * judged by assessAgent. This is the one source of agent health: GET /v1/agents, the AGENT_DOWN alerts and the live
 * API's agent_health_update all call it.
 */
export async function agentsHealth(
  config: TaskmasterConfig,
  client: Client,
  now = new Date(),
  /** The agents' queue figures when the caller has read them already (the alert evaluation does). */
  queueStatuses?: readonly AgentQueueStatus[],
): Promise<AgentHealth[]> {
  const agents = Object.keys(config.agents);
  const queues = agents.map((agent) => agentTaskQueue(config, agent));
  const [heartbeats, statuses] = await Promise.all([
    heartbeatsByQueue(client, queues),
    queueStatuses ?? Promise.all(agents.map((agent) => agentQueueStatus(config, client, agent))),
  ]);
  return Promise.all(
    statuses.map(async (status) => {
      const rules = config.operations.agentHealth;
      const workers = heartbeats
        ? await withUnheardPollers(
            client,
            status.taskQueue,
            (heartbeats.get(status.taskQueue) ?? []).flatMap((heartbeat) => workerOfHeartbeat(heartbeat, rules, now) ?? []),
            rules.staleAfter,
          )
        : await pollerWorkers(client, status.taskQueue);
      return healthOf(status, workers, heartbeats ? 'worker-heartbeats' : 'pollers', config, now);
    }),
  );
}

/** One agent's health; an unknown agent (own keys only) is a NotFoundError. */
export async function agentHealth(config: TaskmasterConfig, client: Client, agent: string, now = new Date()): Promise<AgentHealth> {
  if (!Object.hasOwn(config.agents, agent)) {
    throw new NotFoundError(`no agent "${agent}"; agents: ${Object.keys(config.agents).join(', ')}`);
  }
  const only = { ...config, agents: { [agent]: config.agents[agent] as TaskmasterConfig['agents'][string] } };
  const [health] = await agentsHealth(only, client, now);
  if (!health) throw new NotFoundError(`no agent "${agent}"`);
  return health;
}

function healthOf(
  status: AgentQueueStatus,
  workers: AgentWorker[],
  source: AgentHealth['source'],
  config: TaskmasterConfig,
  now: Date,
): AgentHealth {
  const queue = {
    backlogCount: status.backlogCount,
    backlogAgeSeconds: status.backlogAgeSeconds,
    tasksAddRate: status.tasksAddRate,
    tasksDispatchRate: status.tasksDispatchRate,
    paused: status.paused,
  };
  const { status: healthStatus, reasons } = assessAgent(workers, queue, config.operations.agentHealth);
  return {
    agent: status.agent,
    taskQueue: status.taskQueue,
    healthStatus,
    reasons,
    source,
    missing: source === 'pollers' ? pollerOnlyMissing : [],
    liveWorkers: workers.filter((worker) => worker.live).length,
    queue,
    workers,
    checkedAt: now.toISOString(),
  };
}

/**
 * A worker sends its first heartbeat one heartbeat interval after it starts, but polls at once: with no live worker
 * heard from, the queue's pollers that never sent a heartbeat (polled within staleAfter) are live workers too, so that
 * a deployment's own start, or an added worker, does not read as an agent down. A worker that died has sent heartbeats,
 * so its poller is never counted in its place.
 */
async function withUnheardPollers(client: Client, taskQueue: string, heard: AgentWorker[], staleAfterMs: number): Promise<AgentWorker[]> {
  if (heard.some((worker) => worker.live)) return heard;
  const known = new Set(heard.map((worker) => worker.identity));
  const unheard = (await pollerWorkers(client, taskQueue, staleAfterMs)).filter((worker) => !known.has(worker.identity));
  return [...heard, ...unheard];
}

/** Without worker heartbeats, the queue's pollers (seen within two minutes) are what Temporal knows of the workers. */
async function pollerWorkers(client: Client, taskQueue: string, windowMs?: number): Promise<AgentWorker[]> {
  const { identities } = await livePollers(client, taskQueue, 'activity', windowMs);
  return identities.map((identity) => ({
    identity,
    heartbeatIdentity: null,
    instanceKey: null,
    host: null,
    processId: null,
    status: 'UNKNOWN',
    startedAt: null,
    lastHeartbeatAt: null,
    heartbeatAgeSeconds: null,
    live: true,
    stale: false,
    hostCpuUsage: null,
    hostMemoryUsage: null,
    slots: null,
    stepsRunning: null,
    recent: null,
    total: null,
  }));
}
