import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';

/**
 * Gives every Temporal call made while answering a request a deadline, so that an unreachable server turns into a
 * prompt 503 instead of a request that hangs while the client retries.
 */
export function temporalDeadline(client: Client, timeoutMs: number): RequestHandler {
  return (_req, res, next) =>
    client.withDeadline(
      Date.now() + timeoutMs,
      () =>
        new Promise<void>((resolve) => {
          res.once('close', resolve);
          next();
        }),
    );
}
