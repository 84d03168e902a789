import { spawn } from 'node:child_process';
import { mkdir, openSync, writeFile } from 'node:fs';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { ClusterCertificates } from './certificates';
import type { ClusterLayout } from './layout';
import type { DatabaseSettings } from './postgres';
import { atServerPriority } from './server-priority';

const mkdirAsync = promisify(mkdir);
const writeFileAsync = promisify(writeFile);

export const temporalServices = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof temporalServices)[number];

/** How many history shards the cluster has: more than one, as any production cluster (fixed once created). */
export const historyShards = 4;

/**
 * Dynamic config of the local cluster: what the dev server gets from Taskmaster (Priority and Fairness, one partition
 * per task queue so that priority order is strict and testable), plus the worker heartbeats and activity APIs that
 * agent health and pause use. The visibility rate limit is the dev server's (100 per second per namespace and
 * frontend): the server's own default of 10 is below what the facade's lists, discovery and queue figures ask for
 * under load, and a call over it waits about a second in the client's retry (the cluster's list p95 was 913 ms).
 * Not `system.forceSearchAttributesCacheRefreshOnRead`, which Temporal keeps for its tests: it reads a namespace's
 * search attributes from PostgreSQL, under one lock per service, on every use (each start, describe, list, upsert
 * and visibility write). Taskmaster instead waits, once, until attributes it has just added are known
 * (src/temporal/ensure-search-attributes.ts). History writes 4 workflows per shard at a time, not 1: with the
 * cluster's 4 shards, 1,000 SLA deadlines in one second were 250 writes in a row per shard and fired seconds late;
 * 16 in flight stay within history's 20 database connections (docs/deploy.md, docs/benchmarks.md).
 */
export const clusterDynamicConfig: Readonly<Record<string, string | number | boolean>> = {
  'matching.useNewMatcher': true,
  'matching.enableFairness': true,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  'frontend.WorkerHeartbeatsEnabled': true,
  'frontend.ListWorkersEnabled': true,
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.namespaceRPS.visibility': 100,
  'history.shardIOConcurrency': 4,
};

const servicePorts = (layout: ClusterLayout, service: TemporalService): { grpcPort: number; membershipPort: number; metrics: number } => {
  const { ports } = layout;
  switch (service) {
    case 'frontend':
      return { grpcPort: ports.frontend, membershipPort: ports.frontendMembership, metrics: ports.metrics };
    case 'history':
      return { grpcPort: ports.history, membershipPort: ports.historyMembership, metrics: ports.metrics + 1 };
    case 'matching':
      return { grpcPort: ports.matching, membershipPort: ports.matchingMembership, metrics: ports.metrics + 2 };
    case 'worker':
      return { grpcPort: ports.worker, membershipPort: ports.workerMembership, metrics: ports.metrics + 3 };
  }
};

/** The server config of one service: each runs as its own process, with its own metrics port. */
export function serviceConfig(
  layout: ClusterLayout,
  database: DatabaseSettings,
  certificates: ClusterCertificates,
  service: TemporalService,
  dynamicConfigFile: string,
): Record<string, unknown> {
  const address = layout.temporal.address;
  const sql = (databaseName: string, maxConns: number): Record<string, unknown> => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${layout.database.address}:${layout.ports.postgres}`,
      connectProtocol: 'tcp',
      user: database.user,
      password: database.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (name: TemporalService): Record<string, unknown> => {
    const ports = servicePorts(layout, name);
    return {
      rpc: {
        grpcPort: ports.grpcPort,
        membershipPort: ports.membershipPort,
        bindOnIP: address,
        ...(name === 'frontend' ? { httpPort: layout.ports.frontendHttp } : {}),
      },
    };
  };
  const client = { serverName: certificates.frontendServerName, rootCaFiles: [certificates.caCert] };
  return {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: historyShards,
      datastores: { 'postgres-default': sql('temporal', 20), 'postgres-visibility': sql('temporal_visibility', 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: address },
      metrics: {
        prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `${address}:${servicePorts(layout, service).metrics}` },
      },
      tls: {
        internode: {
          server: {
            certFile: certificates.internodeCert,
            keyFile: certificates.internodeKey,
            requireClientAuth: true,
            clientCaFiles: [certificates.caCert],
          },
          client,
        },
        frontend: {
          server: {
            certFile: certificates.frontendCert,
            keyFile: certificates.frontendKey,
            requireClientAuth: true,
            clientCaFiles: [certificates.caCert],
          },
          client,
        },
        systemWorker: { certFile: certificates.internodeCert, keyFile: certificates.internodeKey, client },
      },
    },
    services: { frontend: rpc('frontend'), history: rpc('history'), matching: rpc('matching'), worker: rpc('worker') },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `${address}:${layout.ports.frontend}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    publicClient: { hostPort: `${address}:${layout.ports.frontend}` },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/** Writes each service's config (`<dir>/<service>/cluster.yaml`) and the shared dynamic config file. */
export async function writeServiceConfigs(
  dir: string,
  layout: ClusterLayout,
  database: DatabaseSettings,
  certificates: ClusterCertificates,
): Promise<void> {
  const dynamicConfigFile = `${dir}/dynamic-config.yaml`;
  const dynamicConfig = Object.fromEntries(Object.entries(clusterDynamicConfig).map(([key, value]) => [key, [{ value }]]));
  await mkdirAsync(dir, { recursive: true });
  await writeFileAsync(dynamicConfigFile, stringify(dynamicConfig));
  for (const service of temporalServices) {
    await mkdirAsync(`${dir}/${service}`, { recursive: true });
    const config = serviceConfig(layout, database, certificates, service, dynamicConfigFile);
    await writeFileAsync(`${dir}/${service}/cluster.yaml`, stringify(config), { mode: 0o600 });
  }
}

/**
 * Starts one service on the Temporal host, detached, its output appended to `<dir>/<service>.log`. `ip netns exec`
 * execs the server in place, so the returned pid is the server's own.
 */
export function startService(dir: string, layout: ClusterLayout, serverBinary: string, service: TemporalService): number {
  const log = openSync(`${dir}/${service}.log`, 'a');
  const [command, args] = atServerPriority('ip', [
    'netns',
    'exec',
    layout.temporal.namespace,
    serverBinary,
    '--root',
    dir,
    '--config',
    service,
    '--env',
    'cluster',
    '--allow-no-auth',
    'start',
    '--service',
    service,
  ]);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the Temporal ${service} service`);
  return child.pid;
}
