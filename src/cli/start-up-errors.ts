import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error';
import { TemporalCliNotFoundError } from '../dev-server/temporal-cli';
import { TemporalUnusableError } from '../temporal/connect-to-temporal';

/**
 * What a failed start says to the person who ran it: one paragraph on stderr, and exit code 1 from the caller.
 * Known causes (configuration, no Temporal at the address, no such namespace, no Temporal CLI) carry their own
 * message; anything else is named with its message. The stack trace is logged only at LOG_LEVEL=debug.
 */
export function startUpErrorMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof TemporalUnusableError || error instanceof TemporalCliNotFoundError) {
    return error.message;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `Taskmaster could not start: ${message} (LOG_LEVEL=debug shows the stack trace)`;
}

export function reportStartUpError(error: unknown, logger: Logger): void {
  logger.debug({ err: error }, 'start-up failed');
  process.stderr.write(`${startUpErrorMessage(error)}\n`);
}
