/**
 * A Taskmaster stack for one test file, on the suite's dev server: the real config (temporal.yaml), a task-queue
 * prefix of its own, real workers and the real Express app (driven with supertest).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import type { Express } from 'express';
import request from 'supertest';
import type { Role } from '../../../src/auth/principal';
import { mintWithLocalKey } from '../../../src/auth/token-minting';
import { loadConfig, type LoadedConfig } from '../../../src/config/load-config';
import { createApp } from '../../../src/http/app';
import { createLogger } from '../../../src/logging/logger';
import { connectionOptions } from '../../../src/temporal/connection-options';
import { createTemporalClient } from '../../../src/temporal/create-client';
import { bundleWorkflows } from '../../../src/temporal/workflow-bundle';
import { createWorkers } from '../../../workers/create-workers';
import { runWorkers, type RunningWorkers } from '../../../workers/run-workers';

export interface TestStack {
  config: LoadedConfig;
  client: Client;
  connection: NativeConnection;
  app: Express;
  /** supertest on the app, signed in as an admin (a local token of the suite's data dir). */
  http: () => ReturnType<typeof request.agent>;
  /** A local token for another role, tenant or subject. */
  token(options: { role: Role; tenant?: string; sub?: string; ttlMs?: number }): Promise<string>;
  /** Starts workers for the given queues (default: all); returns a handle to stop them. */
  startWorkers(options?: { agents?: readonly string[]; orchestration?: boolean }): Promise<RunningWorkers>;
  stop(): Promise<void>;
}

let bundle: Promise<WorkflowBundle> | undefined;
let runtimeInstalled = false;

export async function startTestStack(options: { configFile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const address = process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TASKMASTER_TEST_TEMPORAL_ADDRESS is not set: run integration tests with `npm run test:integration`');
  if (!runtimeInstalled) {
    // Worker heartbeats every second: agent health (ListWorkers) sees in-process workers as live at once.
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [], workerHeartbeatInterval: '1s' });
    runtimeInstalled = true;
  }
  // Under npm run test:cluster, the cluster's configuration (TLS, the PostgreSQL content store) instead of the project's.
  const configFile = options.configFile ?? process.env.TASKMASTER_TEST_CONFIG ?? path.resolve(__dirname, '../../../temporal.yaml');
  const config = loadConfig(configFile, {
    TEMPORAL_ADDRESS: address,
    TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR,
    TASKMASTER_TASK_QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    ...options.env,
  });
  const connection = await NativeConnection.connect(connectionOptions(config));
  const client = await createTemporalClient(config, connection);
  // Polling tests ask many times a minute with the one admin token; auth.test.ts covers the limit itself.
  config.auth.rateLimit.requestsPerMinute = 1_000_000;
  const logger = createLogger({ component: 'test' }, process.env.TEST_LOG_LEVEL ?? 'silent');
  // A configured Web UI (the cluster's) as npm start links it; else the dev server's at its default port.
  const webUiUrl = config.connection.webUiUrl ?? 'http://127.0.0.1:8233';
  const app = createApp({ config, client, logger, webUiUrl, eagerStart: true });
  const token = (options: { role: Role; tenant?: string; sub?: string; ttlMs?: number }): Promise<string> =>
    mintWithLocalKey(config.auth, config.dataDirPath, {
      subject: options.sub ?? `test-${options.role}`,
      role: options.role,
      ttlMs: options.ttlMs ?? 3_600_000,
      ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    });
  const adminToken = await token({ role: 'admin' });
  const running: RunningWorkers[] = [];
  return {
    config,
    client,
    connection,
    app,
    http: () => request.agent(app).set('Authorization', `Bearer ${adminToken}`),
    token,
    async startWorkers(workerOptions = {}) {
      // Bundled on first use only: a suite that starts no worker must not leave a bundler running past its end.
      bundle ??= bundleWorkflows();
      const workers = await createWorkers({
        config,
        connection,
        client,
        agents: workerOptions.agents ?? Object.keys(config.agents),
        orchestration: workerOptions.orchestration ?? true,
        workflowBundle: await bundle,
      });
      const handle = runWorkers(workers);
      running.push(handle);
      return handle;
    },
    async stop() {
      await Promise.all(running.map((handle) => handle.stop()));
      await connection.close();
    },
  };
}

/** Polls until the check returns a value, or fails after the timeout with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
