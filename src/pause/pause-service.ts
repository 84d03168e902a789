import type { Client } from '@temporalio/client';
import type { TaskmasterConfig } from '../config/schema';
import { agentTaskQueue } from '../config/task-queues';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { pauseReasonText, resumeReasonText } from './pause-reason';
import { holdQueue, readQueuePause, releaseQueue, type QueuePause } from './queue-pause';

export interface AgentQueuePause {
  agent: string;
  taskQueue: string;
  paused: boolean;
  /** Present while paused. */
  pause?: QueuePause;
}

export interface SystemPause {
  /** Whether a system pause holds (every agent queue it found unpaused is held with scope "system"). */
  paused: boolean;
  reason?: string;
  pausedBy?: string;
  pausedAt?: string | null;
  /** Agents whose queue is paused, by any scope. */
  pausedAgents: string[];
  queues: AgentQueuePause[];
}

/**
 * Pause and resume of the agent queues, held in Temporal's task-queue config (UpdateTaskQueueConfig, rate limit 0):
 * nothing is stored here, so every facade and worker, and `temporal task-queue config get`, see the same state, and
 * it survives restarts. A system pause holds every agent queue not already paused; its resume lifts only those, so a
 * queue paused on its own stays paused until it is resumed on its own.
 */
export class PauseService {
  constructor(
    private readonly config: TaskmasterConfig,
    private readonly client: Client,
  ) {}

  /** Own keys only: an agent named like an Object.prototype member is an unknown agent. */
  taskQueueOf(agent: string): string {
    if (!Object.hasOwn(this.config.agents, agent)) {
      throw new NotFoundError(`no agent "${agent}"; agents: ${Object.keys(this.config.agents).join(', ')}`);
    }
    return agentTaskQueue(this.config, agent);
  }

  async queue(agent: string): Promise<AgentQueuePause> {
    const taskQueue = this.taskQueueOf(agent);
    const pause = await readQueuePause(this.client, taskQueue);
    return { agent, taskQueue, paused: pause !== undefined, ...(pause ? { pause } : {}) };
  }

  async queues(): Promise<AgentQueuePause[]> {
    return Promise.all(Object.keys(this.config.agents).map((agent) => this.queue(agent)));
  }

  async system(): Promise<SystemPause> {
    return systemPauseOf(await this.queues());
  }

  async pauseSystem(by: string, reason: string): Promise<SystemPause> {
    const before = await this.queues();
    const toHold = before.filter((queue) => !queue.paused);
    if (toHold.length === 0 && before.some((queue) => queue.pause?.scope === 'system')) {
      throw new ConflictError('SYSTEM_PAUSED', 'the system is already paused', systemPauseOf(before));
    }
    await Promise.all(toHold.map((queue) => holdQueue(this.client, queue.taskQueue, pauseReasonText('system', reason), by)));
    return this.system();
  }

  async resumeSystem(by: string, reason: string): Promise<SystemPause> {
    const held = (await this.queues()).filter((queue) => queue.pause?.scope === 'system');
    if (held.length === 0) throw new ConflictError('SYSTEM_NOT_PAUSED', 'the system is not paused');
    await Promise.all(held.map((queue) => releaseQueue(this.client, queue.taskQueue, resumeReasonText('system', reason), by)));
    return this.system();
  }

  async pauseQueue(agent: string, by: string, reason: string): Promise<AgentQueuePause> {
    const current = await this.queue(agent);
    // A queue held by the system pause may be paused on its own too: it then stays paused after the system resume.
    if (current.pause && current.pause.scope !== 'system') {
      throw new ConflictError('QUEUE_PAUSED', `the ${agent} queue is already paused`, current);
    }
    await holdQueue(this.client, current.taskQueue, pauseReasonText('queue', reason), by);
    return this.queue(agent);
  }

  async resumeQueue(agent: string, by: string, reason: string): Promise<AgentQueuePause> {
    const current = await this.queue(agent);
    if (!current.pause) throw new ConflictError('QUEUE_NOT_PAUSED', `the ${agent} queue is not paused`);
    if (current.pause.scope === 'system') {
      throw new ConflictError(
        'SYSTEM_PAUSED',
        `the ${agent} queue is held by the system pause: resume the system (POST /v1/system/resume)`,
      );
    }
    await releaseQueue(this.client, current.taskQueue, resumeReasonText('queue', reason), by);
    return this.queue(agent);
  }
}

/** The system pause's who, when and why: those of the first queue it held. */
export function systemPauseOf(queues: AgentQueuePause[]): SystemPause {
  const held = queues
    .filter((queue) => queue.pause?.scope === 'system')
    .sort((a, b) => (a.pause?.pausedAt ?? '').localeCompare(b.pause?.pausedAt ?? ''));
  const first = held[0]?.pause;
  return {
    paused: first !== undefined,
    ...(first ? { reason: first.reason, pausedBy: first.pausedBy, pausedAt: first.pausedAt } : {}),
    pausedAgents: queues.filter((queue) => queue.paused).map((queue) => queue.agent),
    queues,
  };
}
