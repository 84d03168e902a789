/**
 * `taskmaster` (npx taskmaster, the package's bin): the command line over the API (src/cli/taskmaster/program.ts).
 * Exit codes: 0 success; 1 the API refused or failed, or the watched work did not complete; 2 a usage error.
 */
import { CommanderError, InvalidArgumentError } from 'commander';
import { fieldProblemsOf, TaskmasterApiError } from '../client';
import { ConfigError } from '../config/config-error';
import { TokenUsageError } from './local-token';
import { taskmasterProgram } from './taskmaster/program';

let exitCode = 0;
const program = taskmasterProgram((code) => (exitCode = code));

program.parseAsync(process.argv).then(
  () => process.exit(exitCode),
  (error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    process.stderr.write(`taskmaster: ${messageOf(error)}\n`);
    const usage = error instanceof InvalidArgumentError || error instanceof TokenUsageError || error instanceof ConfigError;
    process.exit(usage ? 2 : 1);
  },
);

function messageOf(error: unknown): string {
  if (error instanceof TaskmasterApiError) {
    const problems = fieldProblemsOf(error);
    const head = `${error.status} ${error.code}: ${error.message}`;
    return problems.length > 1 ? [head, ...problems.map((problem) => `  ${problem}`)].join('\n') : head;
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).cause instanceof Error) {
    // fetch's "fetch failed" says little: its cause names the refused address.
    return `${error.message}: ${((error as NodeJS.ErrnoException).cause as Error).message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
