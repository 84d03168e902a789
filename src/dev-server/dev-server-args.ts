import path from 'node:path';
import { customSearchAttributes } from '../contracts/search-attributes';
import type { LoadedConfig } from '../config/load-config';

/**
 * Dynamic config the project always needs: task-queue Priority and Fairness, and one partition per task queue so
 * that priority ordering is strict on a single dev server (a production cluster keeps its own partitioning), and
 * the worker heartbeats that agent health reads.
 */
export const requiredDynamicConfig: Readonly<Record<string, string | number | boolean>> = {
  'matching.useNewMatcher': true,
  'matching.enableFairness': true,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  // Worker heartbeats (host CPU and memory, slots, tasks) and ListWorkers: the agents' health (src/agents-health).
  'frontend.WorkerHeartbeatsEnabled': true,
  'frontend.ListWorkersEnabled': true,
};

/**
 * Dynamic config that sizes the dev server for many open workflows; devServer.dynamicConfig overrides it. The dev
 * server runs one history shard, whose cache of workflows' mutable state holds 512 by default: with thousands of
 * jobs open, each timer, step completion, workflow task and GET /v1/jobs/:id (a describe) of a workflow outside
 * those 512 loads its state from SQLite again (several queries), beside every other write.
 * 16,384 holds the scale benchmark's 10,000 open jobs and their alert workflows (a few KB each in the server).
 */
export const defaultDynamicConfig: Readonly<Record<string, string | number | boolean>> = {
  'history.cacheMaxSize': 16_384,
};

export interface DevServerEndpoints {
  ip: string;
  grpcPort: number;
  uiPort: number;
  databaseFile: string;
  /** The server's Prometheus endpoint (--metrics-port); undefined: none. */
  metricsPort?: number | undefined;
}

export function devServerEndpoints(config: LoadedConfig): DevServerEndpoints {
  const port = Number(config.connection.address.split(':').pop());
  return {
    ip: config.devServer.ip,
    grpcPort: port,
    uiPort: config.devServer.uiPort,
    databaseFile: path.resolve(config.dataDirPath, config.devServer.databaseFile),
    metricsPort: config.devServer.metricsPort === 0 ? undefined : config.devServer.metricsPort,
  };
}

/** The argv of `temporal server start-dev` for this config. */
export function devServerArgs(config: LoadedConfig, endpoints = devServerEndpoints(config)): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    endpoints.ip,
    '--port',
    String(endpoints.grpcPort),
    '--ui-port',
    String(endpoints.uiPort),
    '--log-level',
    config.devServer.logLevel,
    '--log-format',
    'json',
  ];
  if (config.devServer.persistence === 'file') {
    args.push('--db-filename', endpoints.databaseFile);
    for (const [pragma, value] of Object.entries(config.devServer.sqlitePragmas)) args.push('--sqlite-pragma', `${pragma}=${value}`);
  }
  // The server's own metrics (matching backlog, persistence latency, service errors) for Prometheus.
  if (endpoints.metricsPort !== undefined) args.push('--metrics-port', String(endpoints.metricsPort));
  if (config.devServer.headless) args.push('--headless');
  else if (config.encryption.enabled) args.push('--ui-codec-endpoint', codecEndpoint(config));
  if (config.connection.namespace !== 'default') args.push('--namespace', config.connection.namespace);
  for (const key of customSearchAttributes) args.push('--search-attribute', `${key.name}=${pascalCase(key.type)}`);
  const dynamicConfig = { ...defaultDynamicConfig, ...config.devServer.dynamicConfig, ...requiredDynamicConfig };
  for (const [key, value] of Object.entries(dynamicConfig)) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  return args;
}

/**
 * The codec server's URL as the browser reaches it: the facade's /codec routes. A wildcard listen address is not an
 * address a browser can call, so it becomes the loopback one.
 */
export function codecEndpoint(config: LoadedConfig): string {
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}/codec`;
}

/** 'KEYWORD' -> 'Keyword', 'KEYWORD_LIST' -> 'KeywordList': the spelling start-dev expects. */
const pascalCase = (type: string): string =>
  type
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
