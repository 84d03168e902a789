import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import type { AgentWorkerPool, PoolMember } from './agent-pool';
import { decideScaling, drainCandidate, type AgentObservation, type ScalingMemory, type WorkerLoad } from './scaling-decision';

/** An agent queue's backlog as Temporal reports it (DescribeTaskQueue with stats; src/system/queue-status.ts). */
export interface QueueBacklog {
  backlogCount: number;
  backlogAgeMs: number;
}

export interface ScalingEvent {
  agent: string;
  action: 'up' | 'down';
  from: number;
  to: number;
  reason: string;
  utilisation: number;
  backlogCount: number;
  backlogAgeMs: number;
  at: number;
}

export interface AutoscalerOptions {
  config: LoadedConfig;
  pools: readonly AgentWorkerPool[];
  readBacklog: (agent: string) => Promise<QueueBacklog>;
  logger: Logger;
  /** Called on every change (tests and the benchmark record them; the log has them too). */
  onEvent?: (event: ScalingEvent) => void;
}

export interface Autoscaler {
  /** Stops evaluating (the pools keep their workers; stop them apart). */
  stop(): Promise<void>;
}

/**
 * npm start's autoscaler: every `autoscaling.interval`, for each agent type, reads the queue's backlog from Temporal
 * and each worker process's last load report, and starts or drains one worker process as `decideScaling` says,
 * between the agent's minWorkers and maxWorkers. Temporal stays the queue: a new worker simply polls the same task
 * queue, and a drained one stops polling and finishes what it runs, so no step is handed out twice.
 */
export function startAutoscaler(options: AutoscalerOptions): Autoscaler {
  const { config, logger } = options;
  const intervalMs = config.autoscaling.interval;
  const memories = new Map<string, ScalingMemory>();
  const backlogErrors = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();

  const evaluate = async (pool: AgentWorkerPool): Promise<void> => {
    const agentConfig = config.agents[pool.agent];
    if (!agentConfig) return;
    let backlog: QueueBacklog = { backlogCount: 0, backlogAgeMs: 0 };
    try {
      // A fixed count (minWorkers = maxWorkers) needs no backlog: only the bounds are kept.
      if (agentConfig.minWorkers < agentConfig.maxWorkers) backlog = await options.readBacklog(pool.agent);
      backlogErrors.delete(pool.agent);
    } catch (error) {
      // Temporal unreachable: hold, and say so once until it answers again.
      if (!backlogErrors.has(pool.agent)) logger.warn({ agentType: pool.agent, err: error }, 'autoscaler cannot read the queue; holding');
      backlogErrors.add(pool.agent);
      return;
    }
    if (stopped) return;
    const now = Date.now();
    const members = pool.list();
    const measured = members.filter((member) => member.load !== undefined && member.process.pid() !== undefined);
    const observation: AgentObservation = {
      workers: measured.map((member) => currentLoad(member, now, intervalMs)),
      starting: members.length - measured.length,
      ...backlog,
    };
    const decision = decideScaling(agentConfig, observation, memories.get(pool.agent) ?? {}, now);
    memories.set(pool.agent, decision.memory);
    if (decision.action === 'hold') return;
    const from = members.length;
    const to = decision.action === 'up' ? from + 1 : from - 1;
    const event: ScalingEvent = {
      agent: pool.agent,
      action: decision.action,
      from,
      to,
      reason: decision.reason,
      utilisation: decision.utilisation,
      ...backlog,
      at: now,
    };
    logger.info(
      { ...event, agentType: pool.agent },
      `agent ${pool.agent}: scaling ${decision.action} from ${from} to ${to} workers (${decision.reason})`,
    );
    options.onEvent?.(event);
    if (decision.action === 'up') {
      pool
        .add()
        .catch((error: unknown) =>
          logger.error({ agentType: pool.agent, err: error }, `agent ${pool.agent}: the added worker failed to start`),
        );
      return;
    }
    const victim = drainCandidate(measured);
    if (!victim) return;
    const pid = victim.process.pid();
    pool.drain(victim).then(
      () => logger.info({ agentType: pool.agent, pid }, `agent ${pool.agent}: worker ${pid ?? ''} drained and stopped`),
      (error: unknown) =>
        logger.error({ agentType: pool.agent, pid, err: error }, `agent ${pool.agent}: draining worker ${pid ?? ''} failed`),
    );
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      tick = Promise.all(options.pools.map((pool) => evaluate(pool))).then(schedule, (error: unknown) => {
        logger.error({ err: error }, 'autoscaler evaluation failed');
        schedule();
      });
    }, intervalMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await tick;
    },
  };
}

/**
 * A member's load as of now. A report overdue by more than two intervals means its event loop has been held that
 * long (an agent's synchronous CPU stretch holds the timer that reports): it counts as fully busy, not as idle.
 */
function currentLoad(member: PoolMember, now: number, intervalMs: number): WorkerLoad {
  const load = member.load as WorkerLoad;
  if (member.loadAt !== undefined && now - member.loadAt > 2 * intervalMs) return { ...load, eventLoopUtilisation: 1 };
  return load;
}
