import type { TaskmasterConfig } from './schema';
import { ownValue } from '../contracts/own-value';

/** The full task queue name: the configured prefix keeps several stacks apart on one cluster. */
export const taskQueueName = (config: Pick<TaskmasterConfig, 'taskQueuePrefix'>, name: string): string =>
  config.taskQueuePrefix ? `${config.taskQueuePrefix}.${name}` : name;

export const orchestrationTaskQueue = (config: TaskmasterConfig): string => taskQueueName(config, config.orchestration.taskQueue);

export function agentTaskQueue(config: TaskmasterConfig, agent: string): string {
  const agentConfig = ownValue(config.agents, agent);
  if (!agentConfig) throw new Error(`unknown agent type "${agent}"`);
  return taskQueueName(config, agentConfig.taskQueue);
}

/** taskQueue -> agent type, for logs and the system status. */
export function agentsByTaskQueue(config: TaskmasterConfig): Map<string, string> {
  return new Map(Object.keys(config.agents).map((agent) => [agentTaskQueue(config, agent), agent]));
}
