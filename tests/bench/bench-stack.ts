/**
 * The stack a benchmark measures: a Temporal dev server of its own (free ports, temporary SQLite file) unless
 * TEMPORAL_ADDRESS names one, the real workers, and the real HTTP facade listening on a free port. The agents'
 * workers run in this process, or with `agentProcesses` in supervised child processes as `npm start` runs them.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { CaseIdAttribute } from '../../src/contracts/search-attributes';
import { VisibilityQuery } from '../../src/temporal/visibility-query';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { defaultConfigFile, loadConfig, type LoadedConfig } from '../../src/config/load-config';
import { ensureKeyFile, keyFilePath } from '../../src/crypto/key-ring';
import { startDevServer, type RunningDevServer } from '../../src/dev-server/dev-server';
import { findOrInstallTemporalCli } from '../../src/dev-server/temporal-cli';
import { mintWithLocalKey } from '../../src/auth/token-minting';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { connectionOptions } from '../../src/temporal/connection-options';
import { agentProcessesReady, startAgentProcesses, stopAgentProcesses } from '../../src/supervision/agent-processes';
import type { SupervisedProcess } from '../../src/supervision/supervised-process';
import { createTemporalClient } from '../../src/temporal/create-client';
import { createWorkers } from '../../workers/create-workers';
import { runWorkers } from '../../workers/run-workers';
import { freePort } from '../integration/harness/free-port';

export interface BenchStack {
  config: LoadedConfig;
  client: Client;
  apiUrl: string;
  /** Headers of a JSON request to the API, with an admin token. */
  headers: Record<string, string>;
  /** The Temporal dev server's pid (undefined when TEMPORAL_ADDRESS names another server). */
  serverPid: number | undefined;
  /** The dev server's Prometheus endpoint (undefined when TEMPORAL_ADDRESS names another server, or it has none). */
  serverMetricsUrl: string | undefined;
  /** Headers with an investigator token of the tenant `bench-tenant` (its jobs use that tenant's data key). */
  tenantHeaders: Record<string, string>;
  /** The agents' child processes (empty when the agents run in this process). */
  agentProcesses: readonly SupervisedProcess[];
  stop(): Promise<void>;
}

let runtimeInstalled = false;

export async function startBenchStack(
  options: {
    workerAgents?: readonly string[];
    env?: NodeJS.ProcessEnv;
    inMemory?: boolean;
    /** Edits the loaded config before the dev server and the workers start (extra agents, job types, slot counts). */
    configure?: (config: LoadedConfig) => void;
    /** Run the agents' workers in child processes, as `npm start` does (they see only the file and env config). */
    agentProcesses?: boolean;
    /** Use this running Temporal server (another stack's) instead of starting one or reading TEMPORAL_ADDRESS. */
    temporalAddress?: string;
    /**
     * Keep the dev server's SQLite file, keys and tokens in this folder and leave it after stop(), so that a later
     * run finds the workflows of this one (with a fixed TASKMASTER_TASK_QUEUE_PREFIX in `env`); default: a
     * temporary folder, removed at stop().
     */
    dataDir?: string;
  } = {},
): Promise<BenchStack> {
  // One Runtime per process: a benchmark that compares two stacks starts the second on the same one. The core's
  // warnings (slow workflow tasks under load) go through the logger too, which prints only errors.
  if (!runtimeInstalled) {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { forward: {}, filter: { core: 'ERROR', other: 'ERROR' } } },
      shutdownSignals: [],
    });
  }
  runtimeInstalled = true;
  const logger = createLogger({ component: 'bench' }, 'warn');
  const external = options.temporalAddress ?? process.env.TEMPORAL_ADDRESS;
  const keepDataDir = options.dataDir !== undefined;
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : mkdtempSync(path.join(os.tmpdir(), 'taskmaster-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig(defaultConfigFile(), {
    ...process.env,
    TASKMASTER_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: external ?? `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    TASKMASTER_TASK_QUEUE_PREFIX: `bench-${process.pid}`,
    ...options.env,
  });
  options.configure?.(config);
  // A benchmark measures the stack, not the per-principal rate limit.
  config.auth.rateLimit.requestsPerMinute = 1_000_000;
  // Like a first `npm start`: a key ring in the throwaway data dir (TASKMASTER_ENCRYPTION_KEYS, when set, wins).
  if (config.encryption.enabled) ensureKeyFile(keyFilePath(config));
  let devServer: RunningDevServer | undefined;
  if (!external) {
    config.devServer.headless = true;
    if (options.inMemory) config.devServer.persistence = 'memory';
    const cli = await findOrInstallTemporalCli(config.devServer.cliVersion);
    devServer = await startDevServer(cli.path, config, logger);
  }
  const connection = await NativeConnection.connect(connectionOptions(config));
  const client = await createTemporalClient(config, connection);
  const agents = options.workerAgents ?? Object.keys(config.agents);
  const workers = runWorkers(
    await createWorkers({ config, connection, client, agents: options.agentProcesses ? [] : agents, orchestration: true }),
  );
  const agentProcesses = options.agentProcesses ? startAgentProcesses(config, agents, logger, { ...process.env, LOG_LEVEL: 'warn' }) : [];
  await agentProcessesReady(agentProcesses);
  const app = createApp({ config, client, logger, webUiUrl: 'http://127.0.0.1', eagerStart: true });
  const token = await mintWithLocalKey(config.auth, config.dataDirPath, { subject: 'bench', role: 'admin', ttlMs: 86_400_000 });
  const tenantToken = await mintWithLocalKey(config.auth, config.dataDirPath, {
    subject: 'bench-investigator',
    role: 'investigator',
    tenant: 'bench-tenant',
    ttlMs: 86_400_000,
  });
  const port = await freePort();
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    config,
    client,
    apiUrl: `http://127.0.0.1:${port}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    serverPid: devServer?.process.pid,
    serverMetricsUrl:
      devServer?.endpoints.metricsPort === undefined
        ? undefined
        : `http://${devServer.endpoints.ip}:${devServer.endpoints.metricsPort}/metrics`,
    tenantHeaders: { 'content-type': 'application/json', authorization: `Bearer ${tenantToken}` },
    agentProcesses,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await stopAgentProcesses(agentProcesses);
      await workers.stop();
      await connection.close();
      await devServer?.stop();
      if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs tasks with at most `limit` in flight. */
export async function withConcurrency<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

/** The machine a benchmark ran on, for the first lines of its report. */
export const machineDescription = (): string =>
  `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ` +
  `${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;

/** Where the Temporal server a benchmark ran against keeps its data. */
export const persistence = (memory: boolean | undefined): string =>
  process.env.TEMPORAL_ADDRESS ? `external (${process.env.TEMPORAL_ADDRESS})` : memory ? 'in-memory SQLite' : 'SQLite file';

/** How many jobs of a case have completed, and how many closed otherwise, from visibility. */
export async function caseCompletion(client: Client, caseId: string): Promise<{ completed: number; failed: number }> {
  const ofCase = VisibilityQuery.all().equals('WorkflowType', jobWorkflowType).equals(CaseIdAttribute, caseId);
  const [completed, failed] = await Promise.all([
    client.workflow.count(ofCase.equals('ExecutionStatus', 'Completed').toString()),
    client.workflow.count(ofCase.notEquals('ExecutionStatus', 'Completed').notEquals('ExecutionStatus', 'Running').toString()),
  ]);
  return { completed: completed.count, failed: failed.count };
}
