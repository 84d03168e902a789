import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a command to completion; a failure names the command and carries its stderr. */
export async function runCommand(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, [...args], { env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(failure.stderr ?? failure.message).trim()}`);
  }
}

/** Runs a command and reports whether it succeeded, for probes and idempotent teardown. */
export async function commandSucceeds(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await execFileAsync(command, [...args]);
    return true;
  } catch {
    return false;
  }
}

/** The argv prefix that runs a command on a cluster host (inside its network namespace). */
export const onHost = (namespace: string, command: string, args: readonly string[]): [string, string[]] => [
  'ip',
  ['netns', 'exec', namespace, command, ...args],
];
