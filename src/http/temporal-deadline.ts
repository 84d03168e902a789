import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { UnavailableError } from '../errors/domain-errors';
import { sendError } from './error-middleware';
import { httpErrorOf } from './error-status';

/**
 * Bounds how long a request waits on Temporal, in two layers:
 *
 * - every Temporal call made while answering gets the deadline `timeoutMs` from the request's arrival (the
 *   client's `withDeadline`, which its AsyncLocalStorage carries into every call the route makes);
 * - a request timer answers `503 TEMPORAL_UNAVAILABLE` at that same moment if nothing has been answered yet. The
 *   deadline alone is not enough: the core SDK's NativeConnection (the one `npm start` shares with the workers)
 *   applies a deadline to each attempt, and on a refused connection keeps retrying for about 10 s whatever the
 *   deadline; it also takes no abort signal. The call left behind ends on its own within that retry budget, and
 *   whatever it answers then is dropped (the error middleware ignores answers to a request already answered).
 *
 * A 503 after the timer does not prove that nothing happened: a job start may still reach the server. Clients
 * resubmit with the same idempotencyKey, which never makes a second job.
 */
export function temporalDeadline(client: Client, timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    // A WebSocket lives for hours: its Temporal calls are bounded by the live events service, not by this timer.
    if (req.upgrade) {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const error = new UnavailableError(`Temporal did not answer within ${timeoutMs} ms (http.temporalTimeout); try again shortly`);
      sendError(res, httpErrorOf(error));
    }, timeoutMs);
    timer.unref();
    void client.withDeadline(
      Date.now() + timeoutMs,
      () =>
        new Promise<void>((resolve) => {
          res.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          next();
        }),
    );
  };
}

/** Settles with the promise's value, or with `fallback` once `ms` have passed, whichever comes first. */
export async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
