import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { firstFreePort } from '../metrics/ports';
import { devServerArgs, devServerEndpoints, type DevServerEndpoints } from './dev-server-args';

export interface RunningDevServer {
  endpoints: DevServerEndpoints;
  webUiUrl: string;
  process: ChildProcess;
  /** Settles when the server process exits, for whatever reason (stop() included). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops the server: SIGTERM, then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /**
   * Run the server in a process group of its own, so that a Ctrl-C in the terminal reaches only the parent, which
   * stops the server last, after the workers have drained (`npm start`). Off for tests, whose runner may be
   * interrupted before it could stop the server itself.
   */
  ownProcessGroup?: boolean;
}

/** True when a Temporal frontend answers at the address within the timeout. */
export async function isTemporalReachable(address: string, timeoutMs = 1_500): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Starts `temporal server start-dev` for this config and resolves once its frontend answers. */
export async function startDevServer(
  cliPath: string,
  config: LoadedConfig,
  logger: Logger,
  options: DevServerOptions = {},
): Promise<RunningDevServer> {
  const endpoints = await withFreeMetricsPort(devServerEndpoints(config), config.metrics.portSearch);
  mkdirSync(path.dirname(endpoints.databaseFile), { recursive: true });
  const child = spawn(cliPath, devServerArgs(config, endpoints), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  const recentOutput: string[] = [];
  const remember = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      recentOutput.push(line);
      if (recentOutput.length > 20) recentOutput.shift();
      if (/"level":"(error|fatal)"/.test(line)) logger.warn({ devServer: line.slice(0, 2000) }, 'temporal dev server error');
    }
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);
  const exitedWith = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited = exitedWith.then(({ code }) => code);

  const address = `${endpoints.ip}:${endpoints.grpcPort}`;
  const deadline = Date.now() + config.devServer.startupTimeout;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    const exitCode = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 250))]);
    if (exitCode !== 'running') {
      throw new Error(`the Temporal dev server exited with code ${exitCode} before it was ready:\n${recentOutput.join('\n')}`);
    }
    ready = await isTemporalReachable(address, 1_000);
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  if (!ready) {
    await stop();
    throw new Error(
      `the Temporal dev server did not answer at ${address} within ${config.devServer.startupTimeout} ms:\n${recentOutput.join('\n')}`,
    );
  }
  return { endpoints, webUiUrl: `http://${endpoints.ip}:${endpoints.uiPort}`, process: child, exited: exitedWith, stop };
}

/**
 * The first free port from devServer.metricsPort, as for Taskmaster's own endpoints: a second stack on the host (or
 * the test suite's server) must not stop this one from starting. None free: the server runs without metrics.
 */
async function withFreeMetricsPort(endpoints: DevServerEndpoints, portSearch: number): Promise<DevServerEndpoints> {
  if (endpoints.metricsPort === undefined) return endpoints;
  return { ...endpoints, metricsPort: await firstFreePort(endpoints.ip, endpoints.metricsPort, portSearch) };
}
