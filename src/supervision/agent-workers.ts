import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { AgentWorkerPool } from './agent-pool';
import { startAgentProcesses, stopAgentProcesses } from './agent-processes';
import { startAutoscaler, type QueueBacklog, type ScalingEvent } from './autoscaler';

export interface AgentWorkers {
  /** Resolves when each agent's first minWorkers are ready; rejects with the first that fails to start. */
  ready: Promise<void>;
  /** The pids of each agent's worker processes now (for the start-up summary). */
  pids(): Record<string, Array<number | undefined>>;
  /** Stops the autoscaler, then every worker process, each draining its running steps. */
  stop(): Promise<void>;
}

/**
 * npm start's agent workers. Per agent type (the default): a pool of worker processes per agent, started at its
 * minWorkers and scaled between minWorkers and maxWorkers by the autoscaler. Shared: one child for every agent,
 * not scaled (the schema refuses maxWorkers > 1 then). None: no agent process here.
 */
export function startAgentWorkers(options: {
  config: LoadedConfig;
  agents: readonly string[];
  logger: Logger;
  readBacklog: (agent: string) => Promise<QueueBacklog>;
  env?: NodeJS.ProcessEnv;
  onScalingEvent?: (event: ScalingEvent) => void;
}): AgentWorkers {
  const { config, agents, logger } = options;
  if (config.agentProcesses === 'none') {
    logger.info('agentProcesses is none: the agents run elsewhere (npm run worker, or their own Deployments)');
    return { ready: Promise.resolve(), pids: () => ({}), stop: () => Promise.resolve() };
  }
  if (config.agentProcesses === 'shared') {
    const processes = startAgentProcesses(config, agents, logger, options.env);
    return {
      ready: Promise.all(processes.map((child) => child.ready)).then(() => undefined),
      pids: () => Object.fromEntries(processes.map((child) => [child.name, [child.pid()]])),
      stop: () => stopAgentProcesses(processes),
    };
  }
  const pools = agents.map((agent) => new AgentWorkerPool(agent, config, logger, options.env));
  const starts = pools.flatMap((pool) => Array.from({ length: config.agents[pool.agent]?.minWorkers ?? 1 }, () => pool.add()));
  const ready = Promise.all(starts).then(() => undefined);
  // Scaling starts once the first workers are up: until then there is nothing to measure.
  const autoscaler = ready.then(() =>
    startAutoscaler({
      config,
      pools,
      readBacklog: options.readBacklog,
      logger,
      ...(options.onScalingEvent ? { onEvent: options.onScalingEvent } : {}),
    }),
  );
  autoscaler.catch(() => undefined);
  return {
    ready,
    pids: () => Object.fromEntries(pools.map((pool) => [pool.agent, pool.list().map((member) => member.process.pid())])),
    async stop() {
      await autoscaler.then(
        (running) => running.stop(),
        () => undefined,
      );
      await Promise.all(pools.map((pool) => pool.stopAll()));
    },
  };
}
