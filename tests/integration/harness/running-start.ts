/**
 * The real `npm start` entry point as a child process, against the suite's dev server (which already answers, so it
 * starts none): the facade, the orchestration worker in its process and the agents in a child, as a user runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from './test-stack';

const projectRoot = path.resolve(__dirname, '../../..');

export interface RunningStart {
  child: ChildProcess;
  output: () => string;
  /** The admin token it printed. */
  token: string;
  api: string;
  stop(): Promise<void>;
}

export async function runStart(env: NodeJS.ProcessEnv, apiPort: number): Promise<RunningStart> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', TASKMASTER_HTTP_PORT: String(apiPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      return Promise.resolve(output.includes('Ctrl-C stops everything') ? true : undefined);
    }, 240_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const token = /Admin token\s+(\S+)/.exec(output)?.[1] ?? '';
  return { child, output: () => output, token, api: `http://127.0.0.1:${apiPort}`, stop };
}
