/**
 * An agent's health from what its workers measured: pure, so that the rules are unit-tested apart from Temporal.
 * Types here are the shape of GET /v1/agents and of the live API's agent_health_update.
 */
import type { AgentHealthConfig } from '../config/operations-schema';

export type HealthStatus = 'healthy' | 'degraded' | 'down';

/** One worker of an agent, as its Temporal worker heartbeat reports it (or, lacking heartbeats, as a poller). */
export interface AgentWorker {
  /** `<host>/<pid>/<task queue>`: the worker's identity, naming its agent's queue. */
  identity: string;
  /** The identity in the heartbeat (the SDK sends its connection's, shared by the workers of one process). */
  heartbeatIdentity: string | null;
  instanceKey: string | null;
  host: string | null;
  processId: string | null;
  status: 'RUNNING' | 'SHUTTING_DOWN' | 'SHUTDOWN' | 'UNKNOWN';
  startedAt: string | null;
  lastHeartbeatAt: string | null;
  heartbeatAgeSeconds: number | null;
  /** Running and heard from within staleAfter. */
  live: boolean;
  /** Running but silent for longer than staleAfter: it died without shutting down. */
  stale: boolean;
  /** Fractions (0-1) of the host's CPU and memory, as the worker measured them. */
  hostCpuUsage: number | null;
  hostMemoryUsage: number | null;
  /** Activity slots: used and still available. */
  slots: { used: number; available: number; supplier: string } | null;
  /** Steps (activities) running now: the activity slots in use. */
  stepsRunning: number | null;
  /** Tasks in the worker's last heartbeat interval, and since it started. */
  recent: { completed: number; failed: number } | null;
  total: { completed: number; failed: number } | null;
}

export interface AgentQueueFigures {
  backlogCount: number;
  backlogAgeSeconds: number;
  tasksAddRate: number;
  tasksDispatchRate: number;
  paused: boolean;
}

export interface AgentHealth {
  agent: string;
  taskQueue: string;
  healthStatus: HealthStatus;
  /** Why it is not healthy; empty when healthy. */
  reasons: string[];
  /** Where the worker figures come from: Temporal's worker heartbeats, or only its pollers when the server lacks them. */
  source: 'worker-heartbeats' | 'pollers';
  /** What the source cannot tell (pollers: CPU, memory, slots, tasks). */
  missing: string[];
  liveWorkers: number;
  queue: AgentQueueFigures;
  workers: AgentWorker[];
  checkedAt: string;
}

/**
 * The rules: `down` when no worker is live (reasons: work waiting, workers gone silent); `degraded` when a worker went
 * silent and was not replaced, when every live worker's slots are used while the backlog grows, or when the share of
 * failed tasks in the last heartbeat interval is over the threshold.
 */
export function assessAgent(
  workers: readonly AgentWorker[],
  queue: AgentQueueFigures,
  rules: AgentHealthConfig,
): { status: HealthStatus; reasons: string[] } {
  const live = workers.filter((worker) => worker.live);
  // A worker that died and was started again on the same host is replaced, not missing.
  const unreplaced = workers.filter(
    (worker) =>
      worker.stale && !live.some((other) => other.host === worker.host && (other.startedAt ?? '') > (worker.lastHeartbeatAt ?? '')),
  );
  const silent = unreplaced.map(
    (worker) => `worker ${worker.identity}: last heartbeat ${Math.round(worker.heartbeatAgeSeconds ?? 0)} s ago`,
  );
  if (live.length === 0) {
    const reasons = ['no live worker'];
    if (queue.backlogCount > 0)
      reasons.push(`${queue.backlogCount} steps waiting, the oldest for ${Math.round(queue.backlogAgeSeconds)} s`);
    return { status: 'down', reasons: [...reasons, ...silent] };
  }
  const reasons = [...silent];
  const slotted = live.filter((worker) => worker.slots !== null);
  const growing = queue.backlogCount > 0 && queue.tasksAddRate >= queue.tasksDispatchRate && !queue.paused;
  if (slotted.length === live.length && slotted.every((worker) => (worker.slots?.available ?? 0) === 0) && growing) {
    const used = slotted.reduce((sum, worker) => sum + (worker.slots?.used ?? 0), 0);
    reasons.push(`every activity slot is in use (${used}) while the backlog grows (${queue.backlogCount})`);
  }
  const completed = live.reduce((sum, worker) => sum + (worker.recent?.completed ?? 0), 0);
  const failed = live.reduce((sum, worker) => sum + (worker.recent?.failed ?? 0), 0);
  const processed = completed + failed;
  if (processed >= rules.minTasks && failed / processed > rules.failureRate) {
    reasons.push(`${failed} of ${processed} tasks failed in the last heartbeat interval (threshold ${rules.failureRate})`);
  }
  return { status: reasons.length > 0 ? 'degraded' : 'healthy', reasons };
}
