/**
 * Where agent health comes from: a small swappable function. Today it reads the live pollers of each agent's task
 * queue (src/system/task-queue-pollers.ts); a source built on Temporal's worker heartbeats (ListWorkers, with CPU
 * and memory) can replace it by passing another function as `agentHealth` to createLiveEvents.
 */
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { agentTaskQueue } from '../config/task-queues';
import type { AgentHealthUpdate } from '../contracts/live-events';
import { livePollers } from '../system/task-queue-pollers';

/** One agent's health, as a source reads it (the message's fields without type, cursor and time). */
export type AgentHealthReading = Omit<AgentHealthUpdate, 'type' | 'cursor' | 'at'>;

export type AgentHealthSource = () => Promise<AgentHealthReading[]>;

/** The default source: an agent is HEALTHY with live pollers on its task queue, DOWN with none. */
export function pollerHealthSource(config: LoadedConfig, client: Client): AgentHealthSource {
  return () =>
    Promise.all(
      Object.keys(config.agents).map(async (agent): Promise<AgentHealthReading> => {
        const taskQueue = agentTaskQueue(config, agent);
        const pollers = await livePollers(client, taskQueue, 'activity');
        // A poller's identity is <host>/<pid>/...: one process polls with several pollers.
        const workers = new Set(pollers.identities.map((identity) => identity.split('/').slice(0, 2).join('/'))).size;
        return { agent, taskQueue, healthStatus: pollers.count > 0 ? 'HEALTHY' : 'DOWN', livePollers: pollers.count, workers };
      }),
    );
}

/** What makes a reading a change worth a message: health, pollers and workers (not the CPU's every wobble). */
export const healthKey = (reading: AgentHealthReading): string => `${reading.healthStatus}/${reading.livePollers}/${reading.workers}`;
