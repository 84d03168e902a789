import pino, { type DestinationStream, type Logger } from 'pino';
import { isLogLevel } from './log-level';

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const redactedPaths = [
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'password',
  '*.password',
  'data',
  '*.data',
  // Encryption keys and payloads, wherever an object holding them is logged.
  'key',
  '*.key',
  'keys',
  '*.keys',
  'payloads',
  '*.payloads',
];

/**
 * JSON logs on stdout (or `destination`), one object per line; LOG_LEVEL sets the level (default info). An unknown
 * level logs at info here: loadConfig, which every entry point calls first, stops the start naming LOG_LEVEL and the
 * accepted levels.
 */
export function createLogger(
  bindings: Record<string, unknown> = {},
  level = process.env.LOG_LEVEL || 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    level: isLogLevel(level) ? level : 'info',
    base: { service: 'taskmaster', ...bindings },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
