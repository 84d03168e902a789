import pino, { type Logger } from 'pino';

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

/** JSON logs on stdout, one object per line; LOG_LEVEL sets the level (default info). */
export function createLogger(bindings: Record<string, unknown> = {}, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'taskmaster', ...bindings },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
