import path from 'node:path';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { facadeRegistry } from './facade-metrics';
import { serveMetrics, type MetricsServer } from './metrics-server';
import { TargetsFile } from './targets-file';

/** This process's file_sd targets file in the data dir (metrics.targetsDir). */
export const targetsFileFor = (config: LoadedConfig): TargetsFile =>
  new TargetsFile(path.resolve(config.dataDirPath, config.metrics.targetsDir));

/**
 * The facade's metrics endpoint (GET /metrics of the facade registry) on the first free port from metrics.port,
 * written into the targets file. Undefined when metrics are off or no port was free (then said in the log).
 */
export async function startFacadeMetrics(config: LoadedConfig, logger: Logger, targets: TargetsFile): Promise<MetricsServer | undefined> {
  const { enabled, host, port, portSearch } = config.metrics;
  if (!enabled || port === 0) return undefined;
  const server = await serveMetrics(facadeRegistry, host, port, portSearch);
  if (!server) {
    logger.warn(
      { from: port, tried: portSearch },
      'no free port for the facade metrics endpoint (metrics.port): the facade serves no metrics',
    );
    return undefined;
  }
  targets.set({ component: 'facade', host, port: server.port });
  return server;
}
