import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TaskmasterConfig } from '../src/config/schema';
import { agentsByTaskQueue } from '../src/config/task-queues';
import { jobDurationBuckets, jobDurationMetric } from '../src/contracts/job-metrics';
import { sdkLogLevel, temporalLoggerFromPino } from '../src/logging/temporal-logger';
import { candidatePorts, hostPort, isAddressInUse } from '../src/metrics/ports';

/**
 * The SDK runtime's options: its logs, the Rust core's included (forwarded instead of printed as coloured text on
 * stderr), go to the JSON logger; signals are left to the entry point, which stops HTTP, workers and the dev server
 * in order. With a metrics port, the runtime serves its Prometheus endpoint there: the SDK's temporal_* series and
 * what the workflows record through their metric meter (src/contracts/job-metrics.ts).
 */
export function runtimeOptions(config: TaskmasterConfig, logger: Logger, metricsPort?: number): RuntimeOptions {
  const level = sdkLogLevel(logger);
  const coreLevel = level === 'TRACE' || level === 'DEBUG' ? level : 'WARN';
  const metrics =
    metricsPort === undefined
      ? {}
      : {
          metrics: {
            prometheus: {
              bindAddress: hostPort(config.metrics.host, metricsPort),
              // The SDK's default buckets end at 10 (10 s when in seconds): jobs run for minutes and hours.
              histogramBucketOverrides: { [jobDurationMetric]: jobDurationBuckets },
            },
          },
        };
  return {
    logger: temporalLoggerFromPino(logger, agentsByTaskQueue(config)),
    telemetryOptions: { logging: { forward: {}, filter: { core: coreLevel, other: 'ERROR' } }, ...metrics },
    shutdownSignals: [],
    // What GET /v1/agents reads back through ListWorkers: host CPU and memory, slots, tasks processed and failed.
    workerHeartbeatInterval: config.operations.agentHealth.heartbeatInterval,
  };
}

/**
 * Installs the SDK runtime once per process, with its Prometheus endpoint on the first free port from
 * metrics.workerPort (the runtime's own bind is the test, so processes starting together never share a port).
 * Returns that port; undefined when metrics are off or every port tried was taken (said in the log: the worker runs
 * without an endpoint rather than not at all).
 */
export function installRuntime(config: TaskmasterConfig, logger: Logger): { metricsPort?: number } {
  const { enabled, workerPort, portSearch } = config.metrics;
  if (enabled && workerPort !== 0) {
    for (const port of candidatePorts(workerPort, portSearch)) {
      try {
        Runtime.install(runtimeOptions(config, logger, port));
        return { metricsPort: port };
      } catch (error) {
        if (!isAddressInUse(error)) throw error;
      }
    }
    logger.warn(
      { from: workerPort, tried: portSearch },
      'no free port for the worker metrics endpoint (metrics.workerPort): this process serves no metrics',
    );
  }
  Runtime.install(runtimeOptions(config, logger));
  return {};
}
