import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TaskmasterConfig } from '../src/config/schema';
import { agentsByTaskQueue } from '../src/config/task-queues';
import { temporalLoggerFromPino } from '../src/logging/temporal-logger';

/**
 * Installs the SDK runtime once per process: its logs go to the JSON logger, and signals are left to the
 * entry point, which stops HTTP, workers and the dev server in order.
 */
export function installRuntime(config: TaskmasterConfig, logger: Logger): void {
  Runtime.install({ logger: temporalLoggerFromPino(logger, agentsByTaskQueue(config)), shutdownSignals: [] });
}
