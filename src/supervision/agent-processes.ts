import path from 'node:path';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { projectRoot } from '../project-root';
import { superviseProcess, type SupervisedProcess } from './supervised-process';

/** The agent worker's entry point: the same file `npm run worker -- --agent <type>` runs. */
export const agentWorkerScript = path.join(projectRoot, 'workers', 'agent-worker.ts');

/**
 * How long stop() waits after SIGTERM before SIGKILL: the longest drainTimeout of the agents the process serves (its
 * workers' shutdownGraceTime, workers/create-workers.ts), plus 10 s to close.
 */
export function agentStopTimeoutMs(config: LoadedConfig, agents: readonly string[]): number {
  return Math.max(0, ...agents.map((agent) => config.agents[agent]?.drainTimeout ?? 10_000)) + 10_000;
}

/**
 * The environment that makes a child load the same configuration as this process: the same file, data dir,
 * Temporal address, namespace and task-queue prefix, whatever the child's working directory. (Changes made to the
 * loaded config in code, as tests do, do not reach the child: only what the file and these variables say.)
 */
export function agentProcessEnv(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    TASKMASTER_CONFIG: config.configFile,
    TASKMASTER_DATA_DIR: config.dataDirPath,
    TEMPORAL_ADDRESS: config.connection.address,
    TEMPORAL_NAMESPACE: config.connection.namespace,
    TASKMASTER_TASK_QUEUE_PREFIX: config.taskQueuePrefix,
  };
}

/**
 * The agents' workers in supervised child processes, each running `workers/agent-worker.ts`: by default one per
 * agent type (`--agent <type>`), so that an agent's CPU work never blocks the HTTP facade's event loop, nor another
 * agent's activities and heartbeats, and a crash takes down one agent type only, which its supervisor restarts;
 * with `agentProcesses: shared`, one child serves every agent queue; with `none`, the agents run on other hosts.
 */
export function startAgentProcesses(
  config: LoadedConfig,
  agents: readonly string[],
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): SupervisedProcess[] {
  if (config.agentProcesses === 'none') return [];
  const groups = config.agentProcesses === 'shared' ? [agents] : agents.map((agent) => [agent]);
  return groups
    .filter((group) => group.length > 0)
    .map((group) =>
      superviseProcess({
        name: group.length === 1 ? `agent ${group[0]}` : 'agents',
        command: process.execPath,
        args: ['--import', 'tsx', agentWorkerScript, ...group.flatMap((agent) => ['--agent', agent])],
        // tsx is resolved from the working directory.
        cwd: projectRoot,
        env: agentProcessEnv(config, env),
        logger,
        stopTimeoutMs: agentStopTimeoutMs(config, group),
      }),
    );
}

/** Waits until every agent process is ready; rejects with the first one that fails to start. */
export async function agentProcessesReady(processes: readonly SupervisedProcess[]): Promise<void> {
  await Promise.all(processes.map((process) => process.ready));
}

/** Stops every agent process at once, each draining its in-flight activities. */
export async function stopAgentProcesses(processes: readonly SupervisedProcess[]): Promise<void> {
  await Promise.all(processes.map((process) => process.stop()));
}
