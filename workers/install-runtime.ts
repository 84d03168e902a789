import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TaskmasterConfig } from '../src/config/schema';
import { agentsByTaskQueue } from '../src/config/task-queues';
import { sdkLogLevel, temporalLoggerFromPino } from '../src/logging/temporal-logger';

/**
 * The SDK runtime's options: its logs, the Rust core's included (forwarded instead of printed as coloured text on
 * stderr), go to the JSON logger; signals are left to the entry point, which stops HTTP, workers and the dev server
 * in order.
 */
export function runtimeOptions(config: TaskmasterConfig, logger: Logger): RuntimeOptions {
  const level = sdkLogLevel(logger);
  const coreLevel = level === 'TRACE' || level === 'DEBUG' ? level : 'WARN';
  return {
    logger: temporalLoggerFromPino(logger, agentsByTaskQueue(config)),
    telemetryOptions: { logging: { forward: {}, filter: { core: coreLevel, other: 'ERROR' } } },
    shutdownSignals: [],
    // What GET /v1/agents reads back through ListWorkers: host CPU and memory, slots, tasks processed and failed.
    workerHeartbeatInterval: config.operations.agentHealth.heartbeatInterval,
  };
}

/** Installs the SDK runtime once per process. */
export function installRuntime(config: TaskmasterConfig, logger: Logger): void {
  Runtime.install(runtimeOptions(config, logger));
}
