import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ClusterHost } from '../../../deploy/local-cluster/layout';

const projectRoot = path.resolve(__dirname, '../../..');

export interface HostWorker {
  readonly host: ClusterHost;
  readonly process: ChildProcess;
  /** What the worker printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm run worker -- --agent <agents>` on a host of the cluster (in its network namespace), as an operator would run
 * it on another machine: its own process, the cluster's configuration file, the test's task-queue prefix.
 * Resolves once the worker says it is running.
 */
export async function startHostWorker(
  host: ClusterHost,
  agents: readonly string[],
  env: { configFile: string; taskQueuePrefix: string; extra?: NodeJS.ProcessEnv },
): Promise<HostWorker> {
  const child = spawn(
    'ip',
    ['netns', 'exec', host.namespace, process.execPath, '--import', 'tsx', 'workers/agent-worker.ts', '--agent', agents.join(',')],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        ...env.extra,
        TASKMASTER_CONFIG: env.configFile,
        TASKMASTER_TASK_QUEUE_PREFIX: env.taskQueuePrefix,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker on ${host.namespace} did not start within 90 s:\n${output}`)), 90_000);
    const check = (): void => {
      if (output.includes('worker running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker on ${host.namespace} exited with ${code}:\n${output}`));
    });
  });
  return {
    host,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
