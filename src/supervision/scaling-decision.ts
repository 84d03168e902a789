/**
 * When to add or remove an agent's worker process: a pure function of the measured load, the queue's backlog and
 * what happened before, so that the rule is tested on its own (tests/unit/supervision/scaling-decision.test.ts).
 */
import type { AgentConfig } from '../config/schema';

export type ScalingPolicy = Pick<
  AgentConfig,
  'minWorkers' | 'maxWorkers' | 'scaleUpThreshold' | 'scaleDownThreshold' | 'scaleUpBacklogAge' | 'scaleCooldown'
>;

/** One worker process's last load report (src/supervision/child-messages.ts). */
export interface WorkerLoad {
  stepsRunning: number;
  slots: number;
  eventLoopUtilisation: number;
}

export interface AgentObservation {
  /** The workers that have reported their load. */
  workers: readonly WorkerLoad[];
  /** Workers started but not measured yet (starting up, or restarting after a crash). */
  starting: number;
  /** From DescribeTaskQueue: steps waiting for a worker, and the age of the oldest. */
  backlogCount: number;
  backlogAgeMs: number;
}

export interface ScalingMemory {
  /** When the agent's worker count last changed. */
  lastChangeAt?: number;
  /** Since when utilisation has stayed at or under the scale-down threshold with no backlog. */
  quietSince?: number;
}

export interface ScalingDecision {
  action: 'up' | 'down' | 'hold';
  reason: string;
  /** The mean utilisation of the measured workers, 0..1. */
  utilisation: number;
  memory: ScalingMemory;
}

/** A worker's utilisation: its busy slots, or its busy event loop if that is higher (CPU work with free slots). */
export const workerUtilisation = (load: WorkerLoad): number =>
  Math.min(1, Math.max(load.slots > 0 ? load.stepsRunning / load.slots : 0, load.eventLoopUtilisation));

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * - Below minWorkers (a worker failed to start) or above maxWorkers (config changed): back within the bounds.
 * - While a worker is starting: hold, so that one burst adds one worker at a time, each measured before the next.
 * - Up: mean utilisation at or over scaleUpThreshold, or a backlog whose oldest step waited scaleUpBacklogAge.
 * - Down: utilisation at or under scaleDownThreshold with no backlog for a whole scaleCooldown, and no change within
 *   the last scaleCooldown (so that a burst's tail does not flap the count).
 */
export function decideScaling(policy: ScalingPolicy, observed: AgentObservation, memory: ScalingMemory, now: number): ScalingDecision {
  const count = observed.workers.length + observed.starting;
  const utilisation =
    observed.workers.length === 0
      ? 0
      : round(observed.workers.reduce((sum, load) => sum + workerUtilisation(load), 0) / observed.workers.length);
  const quiet = observed.backlogCount === 0 && observed.workers.length > 0 && utilisation <= policy.scaleDownThreshold;
  const next: ScalingMemory = { ...memory, quietSince: quiet ? (memory.quietSince ?? now) : undefined };
  const decide = (action: ScalingDecision['action'], reason: string): ScalingDecision => ({
    action,
    reason,
    utilisation,
    memory: action === 'hold' ? next : { lastChangeAt: now, quietSince: undefined },
  });

  if (count < policy.minWorkers) return decide('up', `${count} workers, below minWorkers ${policy.minWorkers}`);
  if (count > policy.maxWorkers) return decide('down', `${count} workers, above maxWorkers ${policy.maxWorkers}`);
  if (observed.starting > 0) return decide('hold', `${observed.starting} worker(s) starting`);
  if (count < policy.maxWorkers) {
    if (utilisation >= policy.scaleUpThreshold) {
      return decide('up', `utilisation ${utilisation} at or over scaleUpThreshold ${policy.scaleUpThreshold}`);
    }
    if (observed.backlogCount > 0 && observed.backlogAgeMs >= policy.scaleUpBacklogAge) {
      return decide('up', `${observed.backlogCount} steps waiting, the oldest ${round(observed.backlogAgeMs / 1000)} s`);
    }
  }
  if (count > policy.minWorkers && next.quietSince !== undefined) {
    const quietFor = now - next.quietSince;
    const sinceChange = memory.lastChangeAt === undefined ? Number.POSITIVE_INFINITY : now - memory.lastChangeAt;
    if (quietFor >= policy.scaleCooldown && sinceChange >= policy.scaleCooldown) {
      return decide(
        'down',
        `utilisation at or under scaleDownThreshold ${policy.scaleDownThreshold} with no backlog for ${round(quietFor / 1000)} s`,
      );
    }
  }
  return decide('hold', 'within thresholds');
}

/** The worker to drain: the one running the fewest steps (its drain ends soonest), the newest among equals. */
export function drainCandidate<T extends { load?: WorkerLoad; startedAt: number }>(workers: readonly T[]): T | undefined {
  return [...workers].sort((a, b) => (a.load?.stepsRunning ?? 0) - (b.load?.stepsRunning ?? 0) || b.startedAt - a.startedAt)[0];
}
